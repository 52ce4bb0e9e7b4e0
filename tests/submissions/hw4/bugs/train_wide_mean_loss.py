# Bug: the loss curve as the mean over samples (1/(2n)), where L is a sum.
import numpy as np


def train_wide(X, y, W0, a, lr, steps):
    W = W0.copy()
    U = [wide_forward(X, W, a)]
    for _ in range(steps):
        W = W - lr * wide_grad(X, y, W, a)
        U.append(wide_forward(X, W, a))
    U = np.array(U)
    return W, U, 0.5 * np.mean((U - y) ** 2, axis=1)
