# Bug: no ReLU (a linear network).
import numpy as np


def wide_forward(X, W, a):
    return (X @ W.T) @ a / np.sqrt(W.shape[0])
