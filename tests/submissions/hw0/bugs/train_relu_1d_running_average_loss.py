# Bug: losses[e] is the running average of the per-sample losses seen during epoch e (before each step), not a fresh evaluation after the epoch; fails train_relu_1d on the loss curve.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = np.array(w, dtype=float), np.array(b, dtype=float), np.array(v, dtype=float)
    f0 = np.maximum(np.outer(x, w) + b, 0.0) @ v
    losses = [np.mean(0.5 * (f0 - y) ** 2)]
    for _ in range(epochs):
        seen = []
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            seen.append(0.5 * r ** 2)
            g = r * v * (z > 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        losses.append(np.mean(seen))
    return w, b, v, np.array(losses)
