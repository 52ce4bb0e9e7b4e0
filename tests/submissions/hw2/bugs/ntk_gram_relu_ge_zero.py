# Bug: counts a unit as active when w_r^T x = 0 (uses >= 0, ReLU'(0) = 1); fails ntk_gram_relu against the reference on the case with exact ties (integer W and X).
import numpy as np


def ntk_gram_relu(X, W, a):
    act = (W @ X >= 0).astype(float)
    return (act.T @ (act * (a ** 2)[:, None])) * (X.T @ X) / W.shape[0]
