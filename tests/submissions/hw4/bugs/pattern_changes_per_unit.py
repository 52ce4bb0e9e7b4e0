# Bug: the fraction of units whose pattern changed on any sample, not of pairs (i, r).
import numpy as np


def pattern_changes(X, W0, W):
    return float(np.mean(np.any((X @ W0.T > 0) != (X @ W.T > 0), axis=0)))
