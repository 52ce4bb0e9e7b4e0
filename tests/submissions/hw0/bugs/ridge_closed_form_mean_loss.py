# Bug: uses the mean-loss normalisation (X^T X / n + Sigma_inv)^{-1} X^T y / n; fails ridge_closed_form against the reference (n > 1).
import numpy as np


def ridge_closed_form(X, y, Sigma_inv):
    n = X.shape[0]
    return np.linalg.solve(X.T @ X / n + Sigma_inv, X.T @ y / n)
