# Bug: noise eps not added; fails sine_targets vs reference.
import numpy as np


def sine_targets(X, w, eps):
    return np.sin(X) @ w
