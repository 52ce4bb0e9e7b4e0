# Bug: returns 2 A^T x (assumes symmetry, transposed); fails grad_quadratic against autograd on the non-symmetric case.
import numpy as np


def grad_quadratic(A, x):
    return 2.0 * np.asarray(A).T @ np.asarray(x)
