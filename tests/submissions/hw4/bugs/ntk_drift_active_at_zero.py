# Bug: a unit counts as active at a pre-activation of exactly 0; fails the kink case.
import numpy as np


def _kernel_geq(X, W, a):
    A = (X @ W.T >= 0).astype(float)
    return (A * a**2) @ A.T / W.shape[0] * (X @ X.T)


def ntk_drift(X, W0, W, a):
    return float(np.linalg.norm(_kernel_geq(X, W, a) - _kernel_geq(X, W0, a), 2))
