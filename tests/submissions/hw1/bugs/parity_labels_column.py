# Bug: treats v as a column vector and returns shape (n, 1) instead of (n,); fails parity_labels shape check.
import numpy as np


def parity_labels(Xb, v):
    return 1.0 - 2.0 * ((Xb @ v.reshape(-1, 1)).astype(np.int64) % 2)
