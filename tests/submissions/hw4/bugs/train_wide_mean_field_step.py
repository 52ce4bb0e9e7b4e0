# Bug: the gradient scaled by 1/m instead of 1/sqrt(m) (mean-field), so the wider the network the
# less it moves: fails the kernel-regime check.
import numpy as np


def train_wide(X, y, W0, a, lr, steps):
    W = W0.copy()
    U = [wide_forward(X, W, a)]
    for _ in range(steps):
        W = W - lr * wide_grad(X, y, W, a) / np.sqrt(W.shape[0])
        U.append(wide_forward(X, W, a))
    U = np.array(U)
    return W, U, 0.5 * np.sum((U - y) ** 2, axis=1)
