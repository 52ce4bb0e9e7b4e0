# Bug: forgets the factor x_i^T x_j (only counts co-active units); fails ntk_gram_relu against the reference.
import numpy as np


def ntk_gram_relu(X, W, a):
    act = (W @ X > 0).astype(float)
    return (act.T @ (act * (a ** 2)[:, None])) / W.shape[0]
