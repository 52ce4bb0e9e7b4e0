# Bug: bound rounded up to an integer number of iterations; fails sgd_iteration_bound vs reference (non-integer case).
import math


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    return math.ceil(2 * beta * (f0 - fstar) / (eps**2 + 2 * eps * sigma))
