# Bug: kernels without the 1/m, so the drift grows with the width: fails the ordering check.
import numpy as np


def ntk_drift(X, W0, W, a):
    return float(np.linalg.norm(W.shape[0] * (empirical_ntk(X, W, a) - empirical_ntk(X, W0, a)), 2))
