# Bug: updates W0 in place (the caller's array changes).
import numpy as np


def train_wide(X, y, W0, a, lr, steps):
    W = W0
    U = [wide_forward(X, W, a)]
    for _ in range(steps):
        W -= lr * wide_grad(X, y, W, a)
        U.append(wide_forward(X, W, a))
    U = np.array(U)
    return W.copy(), U, 0.5 * np.sum((U - y) ** 2, axis=1)
