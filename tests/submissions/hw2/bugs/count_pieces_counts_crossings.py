# Bug: counts breakpoints (crossings) instead of pieces, one too few (0 when x0 = x1); fails count_pieces_on_segment against the reference.
import numpy as np


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    def pattern(t):
        h, out = x0 + t * (x1 - x0), []
        for W, b in zip(Ws, bs):
            z = W @ h + b
            out.append(z > 0)
            h = np.maximum(z, 0.0)
        return np.concatenate(out)

    pats = [pattern(t) for t in np.linspace(0.0, 1.0, 20001)]
    return int(sum(not np.array_equal(p, q) for p, q in zip(pats, pats[1:])))
