# Bug: per-coordinate adaptive steps (Adagrad: lr / sqrt of the running sum of squared gradient entries) instead of plain gradient descent; the iterates from w0 = 0 leave the span of X and converge elsewhere than the minimum-norm solution: fails gd_iterates against the reference, in the span and at the GD limit.
import numpy as np


def gd_iterates(X, y, lr, steps, w0):
    n = X.shape[1]
    w = np.array(w0, dtype=np.float64)
    accumulated = np.full(w.shape, 1e-12)
    iterates = [w.copy()]
    for _ in range(steps):
        g = X @ (X.T @ w - y) / n
        accumulated += g * g
        w = w - lr * g / np.sqrt(accumulated)
        iterates.append(w.copy())
    return np.array(iterates)
