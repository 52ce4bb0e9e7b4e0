# Bug: ignores Sigma_inv (ordinary least squares); fails ridge_closed_form against the reference.
import numpy as np


def ridge_closed_form(X, y, Sigma_inv):
    return np.linalg.solve(X.T @ X, X.T @ y)
