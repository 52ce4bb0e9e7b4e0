# Bug: the number of changed pairs, not their fraction (it grows with the width).
import numpy as np


def pattern_changes(X, W0, W):
    return float(np.sum((X @ W0.T > 0) != (X @ W.T > 0)))
