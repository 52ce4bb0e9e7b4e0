# Bug: right shape, but records after each update, so row 0 is w1 and one extra step is taken; fails gd_least_squares at step 0 of the trajectory.
import numpy as np


def gd_least_squares(F, y, eta, steps, w0):
    w = np.array(w0, dtype=float)
    out = []
    for _ in range(steps + 1):
        w = w - eta * F.T @ (F @ w - y)
        out.append(w)
    return np.array(out)
