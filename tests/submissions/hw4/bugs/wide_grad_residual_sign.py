# Bug: the residual y - u where the gradient has u - y.
import numpy as np


def wide_grad(X, y, W, a):
    Z = X @ W.T
    u = np.maximum(Z, 0) @ a / np.sqrt(W.shape[0])
    return ((Z > 0) * (y - u)[:, None]).T @ X * (a / np.sqrt(W.shape[0]))[:, None]
