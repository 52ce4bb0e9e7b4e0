# Bug: returns 1/sigma_max^2 (the "1/L" step) instead of 2/sigma_max^2; fails max_stable_step against the reference (ratio 1/2).
import numpy as np


def max_stable_step(F):
    return 1.0 / np.linalg.norm(F, 2) ** 2
