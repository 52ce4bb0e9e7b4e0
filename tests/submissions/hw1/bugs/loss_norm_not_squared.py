# Bug: 1/2 ||W_{1:H} X - Y||_F (Frobenius norm, not its square); fails deep_linear_loss against the reference.
import numpy as np


def deep_linear_loss(Ws, X, Y):
    return 0.5 * float(np.linalg.norm(end_to_end(Ws) @ X - Y))
