# Bug: only sample i's activation, 1[w_r^T x_i > 0], counted (not symmetric).
import numpy as np


def empirical_ntk(X, W, a):
    A = (X @ W.T > 0).astype(float)
    return ((A * a**2).sum(axis=1) / W.shape[0])[:, None] * (X @ X.T)
