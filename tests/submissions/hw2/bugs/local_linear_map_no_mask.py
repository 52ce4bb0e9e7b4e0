# Bug: multiplies the weight matrices without the activation masks (treats every unit as active); fails local_linear_map against the reference and f(z) = a^T z + c near x.
import numpy as np


def local_linear_map(x, Ws, bs, w_out):
    A, c = np.eye(len(x)), np.zeros(len(x))
    for W, b in zip(Ws, bs):
        A, c = W @ A, W @ c + b
    return w_out @ A, float(w_out @ c)
