# Bug: ||W_{1:H} X - Y||_F^2 without the 1/2 (ratio 2); fails deep_linear_loss against the reference.
import numpy as np


def deep_linear_loss(Ws, X, Y):
    return float(np.sum((end_to_end(Ws) @ X - Y) ** 2))
