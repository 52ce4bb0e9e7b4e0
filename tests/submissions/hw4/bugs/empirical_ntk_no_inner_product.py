# Bug: the factor x_i^T x_j left out.
import numpy as np


def empirical_ntk(X, W, a):
    A = (X @ W.T > 0).astype(float)
    return (A * a**2) @ A.T / W.shape[0]
