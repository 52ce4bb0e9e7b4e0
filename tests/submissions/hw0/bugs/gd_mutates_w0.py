# Bug: updates w0 in place (and stores views of it); fails gd_least_squares on "does not modify its input" (argument w0).
import numpy as np


def gd_least_squares(F, y, eta, steps, w0):
    w = w0
    out = [w.copy()]
    for _ in range(steps):
        w -= eta * F.T @ (F @ w - y)
        out.append(w.copy())
    return np.array(out)
