# Bug: W_1 = W and every other factor I: the product is right but the factors are not balanced; fails balanced_factors balancedness (and gauge) property.
# also fails: end_to_end_step (its layer-wise check steps the layers of balanced_factors)
import numpy as np


def balanced_factors(W, N):
    return [np.array(W, dtype=float)] + [np.eye(W.shape[0]) for _ in range(N - 1)]
