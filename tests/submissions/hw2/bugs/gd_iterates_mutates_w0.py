# Bug: updates w0 in place; fails gd_iterates on "does not modify its input" (argument w0).
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    n = X.shape[1]
    w = w0
    rows = [w.copy()]
    for _ in range(steps):
        w -= lr * X @ (X.T @ w - y) / n
        rows.append(w.copy())
    return np.array(rows)
