# Bug: off by one, row 0 is w_1 (steps+1 rows, all shifted by one step); fails gd_iterates at step 0 (must equal w0).
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    n = X.shape[1]
    w = np.array(w0, dtype=float)
    rows = []
    for _ in range(steps + 1):
        w = w - lr * X @ (X.T @ w - y) / n
        rows.append(w)
    return np.array(rows)
