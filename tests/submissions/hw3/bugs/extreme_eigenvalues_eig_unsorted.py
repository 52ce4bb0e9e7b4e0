# Bug: np.linalg.eig (unsorted eigenvalues), first and last taken as min and max; fails extreme_eigenvalues vs reference.
import numpy as np


def extreme_eigenvalues(H):
    lam = np.linalg.eig(H)[0].real
    return float(lam[0]), float(lam[-1])
