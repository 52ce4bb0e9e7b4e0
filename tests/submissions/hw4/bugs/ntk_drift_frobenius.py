# Bug: the Frobenius norm where the spectral norm is asked.
import numpy as np


def ntk_drift(X, W0, W, a):
    return float(np.linalg.norm(empirical_ntk(X, W, a) - empirical_ntk(X, W0, a)))
