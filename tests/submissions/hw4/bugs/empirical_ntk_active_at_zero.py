# Bug: a unit counts as active at a pre-activation of exactly 0; fails the kink case.
import numpy as np


def empirical_ntk(X, W, a):
    A = (X @ W.T >= 0).astype(float)
    return (A * a**2) @ A.T / W.shape[0] * (X @ X.T)
