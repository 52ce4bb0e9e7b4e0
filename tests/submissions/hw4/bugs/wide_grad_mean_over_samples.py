# Bug: the gradient of the mean loss (1/n), where L is a sum.
import numpy as np


def wide_grad(X, y, W, a):
    Z = X @ W.T
    u = np.maximum(Z, 0) @ a / np.sqrt(W.shape[0])
    return ((Z > 0) * (u - y)[:, None]).T @ X * (a / np.sqrt(W.shape[0]))[:, None] / X.shape[0]
