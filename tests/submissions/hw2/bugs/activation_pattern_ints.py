# Bug: returns 0/1 integer arrays instead of boolean arrays (right shape, wrong dtype); fails activation_pattern on dtype.
import numpy as np


def activation_pattern(x, Ws, bs):
    h, out = x, []
    for W, b in zip(Ws, bs):
        z = W @ h + b
        out.append((z > 0).astype(np.int64))
        h = np.maximum(z, 0.0)
    return out
