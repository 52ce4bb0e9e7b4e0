# Bug: the second-layer weight a_r left out of the gradient.
import numpy as np


def wide_grad(X, y, W, a):
    Z = X @ W.T
    u = np.maximum(Z, 0) @ a / np.sqrt(W.shape[0])
    return ((Z > 0) * (u - y)[:, None]).T @ X / np.sqrt(W.shape[0])
