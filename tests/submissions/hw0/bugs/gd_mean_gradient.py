# Bug: divides the gradient by n (gradient of the mean loss, not of 1/2||Fw - y||^2); fails gd_least_squares against the reference from step 1.
import numpy as np


def gd_least_squares(F, y, eta, steps, w0):
    n = F.shape[0]
    out = [np.array(w0, dtype=float)]
    for _ in range(steps):
        w = out[-1]
        out.append(w - eta * F.T @ (F @ w - y) / n)
    return np.array(out)
