# Bug: returns only w_1..w_steps, shape (steps, d) instead of (steps+1, d); fails gd_iterates on shape.
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    n = X.shape[1]
    w = np.array(w0, dtype=float)
    rows = []
    for _ in range(steps):
        w = w - lr * X @ (X.T @ w - y) / n
        rows.append(w)
    return np.array(rows).reshape(steps, X.shape[0])
