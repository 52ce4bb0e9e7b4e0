# Bug: uses the Frobenius norm instead of the spectral norm; fails max_stable_step against the reference (F not rank one).
import numpy as np


def max_stable_step(F):
    return 2.0 / np.linalg.norm(F) ** 2
