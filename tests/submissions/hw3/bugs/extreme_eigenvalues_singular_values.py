# Bug: singular values instead of eigenvalues (|lambda|), wrong for indefinite H; fails extreme_eigenvalues vs reference (indefinite case).
import numpy as np


def extreme_eigenvalues(H):
    s = np.linalg.svd(H, compute_uv=False)
    return float(s.min()), float(s.max())
