# Bug: returns (lambda_max, lambda_min); fails extreme_eigenvalues vs reference.
import numpy as np


def extreme_eigenvalues(H):
    lam = np.linalg.eigvalsh(H)
    return float(lam[-1]), float(lam[0])
