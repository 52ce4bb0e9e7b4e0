# Bug: >= 0 as active; fails the kink case.
import numpy as np


def pattern_changes(X, W0, W):
    return float(np.mean((X @ W0.T >= 0) != (X @ W.T >= 0)))
