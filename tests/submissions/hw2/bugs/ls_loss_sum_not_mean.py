# Bug: uses (1/2)||X^T w - y||^2, forgetting the 1/n (ratio n); fails ls_loss against the reference.
import numpy as np


def ls_loss(w, X, y):
    r = X.T @ w - y
    return float(0.5 * r @ r)
