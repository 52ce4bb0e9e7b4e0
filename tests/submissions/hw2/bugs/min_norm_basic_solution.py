# Bug: solves X^T w = y with only the first n coordinates (a solution, but not the minimum-norm one); fails min_norm_solution against the reference and the GD limit.
import numpy as np


def min_norm_solution(X, y):
    n = X.shape[1]
    w = np.zeros(X.shape[0])
    w[:n] = np.linalg.solve(X[:n].T, y)
    return w
