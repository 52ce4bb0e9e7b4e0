# Bug: returns Ax, forgetting the A^T x term (off by 2 for symmetric A); fails grad_quadratic against autograd on every case.
import numpy as np


def grad_quadratic(A, x):
    return np.asarray(A) @ np.asarray(x)
