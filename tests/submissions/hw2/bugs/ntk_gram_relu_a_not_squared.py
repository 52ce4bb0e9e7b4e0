# Bug: weights unit r by a_r instead of a_r^2 (wrong when a has signs or |a| != 1); fails ntk_gram_relu against the reference (general a).
import numpy as np


def ntk_gram_relu(X, W, a):
    act = (W @ X > 0).astype(float)
    return (act.T @ (act * a[:, None])) * (X.T @ X) / W.shape[0]
