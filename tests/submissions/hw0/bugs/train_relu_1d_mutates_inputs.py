# Bug: updates w, b, v in place (the caller's arrays change); fails train_relu_1d on "does not modify its input" (argument w).
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    def mean_loss():
        return np.mean(0.5 * (np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)

    losses = [mean_loss()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * v * (z > 0)
            w -= lr * g * xj
            b -= lr * g
            v -= lr * r * h
        losses.append(mean_loss())
    return w.copy(), b.copy(), v.copy(), np.array(losses)
