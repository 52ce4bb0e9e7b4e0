# Bug: steps along X (X^T w - y) without the 1/n (lr effectively n times larger); fails gd_iterates against the reference.
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    w = np.array(w0, dtype=float)
    rows = [w]
    for _ in range(steps):
        w = w - lr * X @ (X.T @ w - y)
        rows.append(w)
    return np.array(rows)
