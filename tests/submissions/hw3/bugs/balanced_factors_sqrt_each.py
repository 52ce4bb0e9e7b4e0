# Bug: square root (power 1/2) of the singular values for every N; fails balanced_factors product property (N != 2).
import numpy as np


def balanced_factors(W, N):
    U, s, Vt = np.linalg.svd(W)
    R = np.diag(np.sqrt(s))
    if N == 1:
        return [np.array(W, dtype=float)]
    return [R @ Vt] + [R.copy() for _ in range(N - 2)] + [U @ R]
