# Bug: returns A^T (the (n, m) "denominator layout"); fails jacobian_linear on shape for non-square A and on values for square A.
import numpy as np


def jacobian_linear(A, x):
    return np.array(A, dtype=float).T
