# Bug: a unit counts as active at w x + b = 0 (mask z >= 0, so ReLU'(0) = 1) in train_relu_1d; fails train_relu_1d on the public case that starts a unit exactly at its kink.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = (np.array(a, dtype=np.float64) for a in (w, b, v))
    def losses_now():
        return np.mean(0.5 * (np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)
    losses = [losses_now()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * v * (z >= 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        losses.append(losses_now())
    return w, b, v, np.array(losses)
