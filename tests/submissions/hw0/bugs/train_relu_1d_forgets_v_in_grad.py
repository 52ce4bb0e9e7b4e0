# Bug: leaves out the factor v_i in the gradients of w and b (treats each unit as if v_i = 1); fails train_relu_1d on the trained weights.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = np.array(w, dtype=float), np.array(b, dtype=float), np.array(v, dtype=float)

    def mean_loss():
        return np.mean(0.5 * (np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)

    losses = [mean_loss()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * (z > 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        losses.append(mean_loss())
    return w, b, v, np.array(losses)
