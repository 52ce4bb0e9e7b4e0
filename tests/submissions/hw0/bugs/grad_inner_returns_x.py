# Bug: returns x instead of c (differentiates with respect to the wrong vector); fails grad_inner against autograd/reference.
import numpy as np


def grad_inner(x, c):
    return np.array(x, dtype=float)
