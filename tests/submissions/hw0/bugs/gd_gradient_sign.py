# Bug: uses F^T (y - F w) as the gradient (ascent); fails gd_least_squares against the reference and the norm bound.
import numpy as np


def gd_least_squares(F, y, eta, steps, w0):
    out = [np.array(w0, dtype=float)]
    for _ in range(steps):
        w = out[-1]
        out.append(w - eta * F.T @ (y - F @ w))
    return np.array(out)
