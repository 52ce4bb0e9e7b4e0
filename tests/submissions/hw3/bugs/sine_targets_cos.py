# Bug: cosine instead of sine; fails sine_targets vs reference.
import numpy as np


def sine_targets(X, w, eps):
    return np.cos(X) @ w + eps
