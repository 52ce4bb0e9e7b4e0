# Bug: a unit counts as active at a pre-activation of exactly 0 (ReLU'(0) = 1); fails the kink case.
import numpy as np


def wide_grad(X, y, W, a):
    Z = X @ W.T
    u = np.maximum(Z, 0) @ a / np.sqrt(W.shape[0])
    return ((Z >= 0) * (u - y)[:, None]).T @ X * (a / np.sqrt(W.shape[0]))[:, None]
