# Bug: returns only the steps updated iterates, without w0 (shape (steps, d)); fails gd_least_squares on shape.
import numpy as np


def gd_least_squares(F, y, eta, steps, w0):
    w = np.array(w0, dtype=float)
    out = []
    for _ in range(steps):
        w = w - eta * F.T @ (F @ w - y)
        out.append(w)
    return np.array(out).reshape(steps, F.shape[1])
