# Bug: returns X (X^T w - y) without the 1/n (ratio n); fails ls_grad against the reference.
import numpy as np


def ls_grad(w, X, y):
    return X @ (X.T @ w - y)
