# Bug: drops the 1/2 in the reported loss (mean of (f - y)^2); fails train_relu_1d on the loss curve (ratio 2), weights are right.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = np.array(w, dtype=float), np.array(b, dtype=float), np.array(v, dtype=float)

    def mean_loss():
        return np.mean((np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)

    losses = [mean_loss()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * v * (z > 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        losses.append(mean_loss())
    return w, b, v, np.array(losses)
