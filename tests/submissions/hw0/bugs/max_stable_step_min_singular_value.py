# Bug: uses the smallest singular value (sigma_min) instead of sigma_max; fails max_stable_step against the reference, and GD with it diverges.
import numpy as np


def max_stable_step(F):
    return 2.0 / np.linalg.svd(F, compute_uv=False)[-1] ** 2
