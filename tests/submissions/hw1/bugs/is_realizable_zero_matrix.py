# Bug: counts singular values >= 1e-5 * sigma_max (non-strict), so for W0 = 0 every singular value counts (rank = min(W0.shape) instead of 0); fails is_realizable on the W0 = 0 bottleneck case.
import numpy as np


def is_realizable(W0, dims):
    s = np.linalg.svd(W0, compute_uv=False)
    return bool(int(np.sum(s >= 1e-5 * s.max())) <= min(dims))
