# Bug: uses (1/n)||X^T w - y||^2, forgetting the 1/2 (ratio 2); fails ls_loss against the reference.
import numpy as np


def ls_loss(w, X, y):
    r = X.T @ w - y
    return float(np.mean(r ** 2))
