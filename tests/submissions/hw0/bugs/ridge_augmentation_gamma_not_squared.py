# Bug: plugs Gamma itself into the closed form as Sigma_inv (should be Gamma^T Gamma); fails ridge_via_augmentation against the reference and the closed form.
import numpy as np


def ridge_via_augmentation(X, y, Gamma):
    return np.linalg.solve(X.T @ X + Gamma, X.T @ y)
