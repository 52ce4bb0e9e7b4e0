# Bug: divides by N - 1 (unbiased estimator) instead of N; fails gradient_variance against the reference (ratio N / (N - 1)).
import numpy as np


def gradient_variance(G):
    centred = G - G.mean(axis=0)
    return float(np.sum(centred**2) / (G.shape[0] - 1))
