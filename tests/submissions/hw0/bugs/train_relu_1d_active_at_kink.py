# Bug: a unit counts as active at w x + b = 0 (mask z >= 0, so ReLU'(0) = 1); fails train_relu_1d on the public case that starts a unit exactly at its kink, and only there.
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = _vec(w), _vec(b), _vec(v)
    losses = [_relu_net_losses(x, y, w, b, v).mean()]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            residual = np.maximum(z, 0.0) @ v - yj
            grad_b = residual * v * (z >= 0)
            w, b, v = w - lr * grad_b * xj, b - lr * grad_b, v - lr * residual * np.maximum(z, 0.0)
        losses.append(_relu_net_losses(x, y, w, b, v).mean())
    return w, b, v, np.array(losses)
