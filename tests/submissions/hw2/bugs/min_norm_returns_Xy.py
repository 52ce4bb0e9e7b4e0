# Bug: returns X y, forgetting the inverse Gram matrix (X^T X)^{-1}; fails min_norm_solution against the reference and the GD limit.
import numpy as np


def min_norm_solution(X, y):
    return X @ y
