# Bug: ridge regression with a small lambda = 1e-3, (X X^T + lambda I)^{-1} X y, instead of the minimum-norm interpolant; fails min_norm_solution against the reference (relative error about lambda / sigma_min(X)^2).
import numpy as np


def min_norm_solution(X, y):
    return np.linalg.solve(X @ X.T + 1e-3 * np.eye(X.shape[0]), X @ y)
