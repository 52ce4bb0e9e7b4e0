# Bug: losses[e] is the sum over samples instead of the mean; fails train_relu_1d on the loss curve (ratio n), weights are right.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = np.array(w, dtype=float), np.array(b, dtype=float), np.array(v, dtype=float)

    def total_loss():
        return np.sum(0.5 * (np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)

    losses = [total_loss()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * v * (z > 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        losses.append(total_loss())
    return w, b, v, np.array(losses)
