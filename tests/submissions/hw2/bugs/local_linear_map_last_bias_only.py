# Bug: c keeps only the last layer's bias (w_out^T D_H b_H), forgetting earlier biases pushed forward; fails local_linear_map (c) against the reference and f(z) = a^T z + c near x.
import numpy as np


def local_linear_map(x, Ws, bs, w_out):
    h, A = x, np.eye(len(x))
    for W, b in zip(Ws, bs):
        z = W @ h + b
        mask = (z > 0).astype(float)
        A = mask[:, None] * (W @ A)
        h = np.maximum(z, 0.0)
    return w_out @ A, float(w_out @ (mask * bs[-1]))
