# Bug: a unit counts as active at a pre-activation of exactly 0; fails the kink case.
import numpy as np


def ntk_drift(X, W0, W, a):
    A0, A = (X @ W0.T >= 0).astype(float), (X @ W.T >= 0).astype(float)
    D = ((A * a**2) @ A.T - (A0 * a**2) @ A0.T) / W.shape[0] * (X @ X.T)
    return float(np.linalg.norm(D, 2))
