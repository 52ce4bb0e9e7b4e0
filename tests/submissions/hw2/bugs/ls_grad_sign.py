# Bug: returns (1/n) X (y - X^T w), the negative gradient (ratio -1); fails ls_grad against the reference.
import numpy as np


def ls_grad(w, X, y):
    return X @ (y - X.T @ w) / X.shape[1]
