# Bug: numerical rank with an absolute threshold (singular values > 1e-5) instead of 1e-5 * sigma_max; fails is_realizable on a small-scale W0 (entries ~1e-6: rank counted as 0, so a bottleneck case wrongly returns True).
import numpy as np


def is_realizable(W0, dims):
    s = np.linalg.svd(W0, compute_uv=False)
    return bool(int(np.sum(s > 1e-5)) <= min(dims))
