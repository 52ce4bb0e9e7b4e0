# Bug: sin(X w) + eps (sine after the product); fails sine_targets vs reference.
import numpy as np


def sine_targets(X, w, eps):
    return np.sin(X @ w) + eps
