# Bug: returns X X^T of shape (d, d) instead of X^T X of shape (n, n); fails ntk_gram_linear on shape.
import numpy as np


def ntk_gram_linear(X):
    return X @ X.T
