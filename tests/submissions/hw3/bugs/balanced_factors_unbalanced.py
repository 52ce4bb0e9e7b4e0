# Bug: W_1 = W and every other factor I: the product is right but the factors are not balanced; fails balanced_factors balancedness (and gauge) property.
import numpy as np


def balanced_factors(W, N):
    return [np.array(W, dtype=float)] + [np.eye(W.shape[0]) for _ in range(N - 1)]
