# Bug: inverts Sigma_inv again (uses Sigma instead of Sigma^{-1} as the regularizer); fails ridge_closed_form against the reference.
import numpy as np


def ridge_closed_form(X, y, Sigma_inv):
    return np.linalg.solve(X.T @ X + np.linalg.inv(Sigma_inv), X.T @ y)
