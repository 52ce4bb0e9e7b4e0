# Bug: divides by the number of samples m (a 1/(2m) mean loss); fails deep_linear_loss against the reference (m > 1).
import numpy as np


def deep_linear_loss(Ws, X, Y):
    residual = end_to_end(Ws) @ X - Y
    return 0.5 * float(np.mean(np.sum(residual**2, axis=0)))
