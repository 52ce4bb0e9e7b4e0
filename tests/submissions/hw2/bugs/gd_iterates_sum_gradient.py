# Bug: steps along X (X^T w - y) without the 1/n (lr effectively n times larger); fails gd_iterates against the reference.
# also fails: gradient_flow, min_norm_solution
# (GD n times too fast no longer follows the flow at lr*k, and diverges at lr = 1/lambda_max.)
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    w = np.array(w0, dtype=float)
    rows = [w]
    for _ in range(steps):
        w = w - lr * X @ (X.T @ w - y)
        rows.append(w)
    return np.array(rows)
