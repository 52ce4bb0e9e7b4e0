# Bug: W_1 = S^{1/N} V instead of S^{1/N} V^T; fails balanced_factors product property (non-symmetric W).
import numpy as np


def balanced_factors(W, N):
    U, s, Vt = np.linalg.svd(W)
    R = np.diag(s ** (1.0 / N))
    if N == 1:
        return [np.array(W, dtype=float)]
    return [R @ Vt.T] + [R.copy() for _ in range(N - 2)] + [U @ R]
