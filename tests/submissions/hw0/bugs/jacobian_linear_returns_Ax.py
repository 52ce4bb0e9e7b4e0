# Bug: returns the value A x (shape (m,)) instead of the Jacobian; fails jacobian_linear on shape.
import numpy as np


def jacobian_linear(A, x):
    return np.asarray(A) @ np.asarray(x)
