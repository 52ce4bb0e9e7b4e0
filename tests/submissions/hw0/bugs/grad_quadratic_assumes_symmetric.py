# Bug: returns 2Ax, correct only for symmetric A; fails grad_quadratic against autograd on the non-symmetric case.
import numpy as np


def grad_quadratic(A, x):
    return 2.0 * np.asarray(A) @ np.asarray(x)
