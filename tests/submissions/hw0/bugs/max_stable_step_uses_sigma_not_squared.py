# Bug: returns 2/sigma_max instead of 2/sigma_max^2; fails max_stable_step against the reference (sigma_max != 1).
import numpy as np


def max_stable_step(F):
    return 2.0 / np.linalg.norm(F, 2)
