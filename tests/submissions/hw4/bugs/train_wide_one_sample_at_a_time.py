# Bug: one update per sample in turn (SGD) instead of one full-batch step.
import numpy as np


def train_wide(X, y, W0, a, lr, steps):
    W = W0.copy()
    U = [wide_forward(X, W, a)]
    for _ in range(steps):
        for i in range(X.shape[0]):
            W = W - lr * wide_grad(X[i:i + 1], y[i:i + 1], W, a)
        U.append(wide_forward(X, W, a))
    U = np.array(U)
    return W, U, 0.5 * np.sum((U - y) ** 2, axis=1)
