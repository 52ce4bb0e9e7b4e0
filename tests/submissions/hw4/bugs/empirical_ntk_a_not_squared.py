# Bug: a_r where the kernel has a_r^2 (not positive semidefinite for real-valued a).
import numpy as np


def empirical_ntk(X, W, a):
    A = (X @ W.T > 0).astype(float)
    return (A * a) @ A.T / W.shape[0] * (X @ X.T)
