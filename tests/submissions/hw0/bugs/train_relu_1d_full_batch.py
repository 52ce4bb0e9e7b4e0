# Bug: full-batch gradient descent on the mean loss instead of per-sample SGD; fails train_relu_1d on the trained weights and the loss curve (from epoch 1).
import numpy as np


def train_relu_1d(x, y, w, b, v, lr, epochs):
    w, b, v = np.array(w, dtype=float), np.array(b, dtype=float), np.array(v, dtype=float)

    def mean_loss():
        return np.mean(0.5 * (np.maximum(np.outer(x, w) + b, 0.0) @ v - y) ** 2)

    losses = [mean_loss()]
    for _ in range(epochs):
        Z = np.outer(x, w) + b
        H = np.maximum(Z, 0.0)
        R = H @ v - y
        G = (R[:, None] * v * (Z > 0)) / len(x)
        w, b, v = w - lr * G.T @ x, b - lr * G.sum(0), v - lr * H.T @ R / len(x)
        losses.append(mean_loss())
    return w, b, v, np.array(losses)
