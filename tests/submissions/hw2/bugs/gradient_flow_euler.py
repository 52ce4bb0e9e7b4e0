# Bug: integrates numerically with 50 forward-Euler steps per time instead of solving exactly (error ~1e-2); fails gradient_flow against the reference.
import numpy as np


def gradient_flow(X, y, ts, w0):
    n = X.shape[1]
    out = []
    for t in ts:
        w = np.array(w0, dtype=float)
        dt = t / 50
        for _ in range(50):
            w = w - dt * X @ (X.T @ w - y) / n
        out.append(w)
    return np.array(out)
