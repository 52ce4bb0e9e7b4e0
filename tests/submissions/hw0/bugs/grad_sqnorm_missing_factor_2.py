# Bug: drops the factor 2 (gradient of 1/2||x||^2 instead of ||x||^2); fails grad_sqnorm against autograd (ratio 1/2).
import numpy as np


def grad_sqnorm(x):
    return np.array(x, dtype=float)
