# Bug: counts only first-layer hyperplane crossings (ignores bends from deeper layers); fails count_pieces_on_segment on networks with 2+ hidden layers.
import numpy as np


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    if np.array_equal(x0, x1):
        return 1
    za, zb = Ws[0] @ x0 + bs[0], Ws[0] @ (x1 - x0)
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = -za / zb
    return 1 + int(np.sum((roots > 0) & (roots < 1)))
