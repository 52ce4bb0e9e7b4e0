# Bug: compares the rank of W0 with min(W0.shape) instead of min(dims) (always True); fails is_realizable on the bottleneck cases where the answer is False.
import numpy as np


def is_realizable(W0, dims):
    return bool(np.linalg.matrix_rank(W0) <= min(W0.shape))
