# Bug: does not clip the cosine to [-1, 1], so rounding (cos = 1 + 2e-16 on the diagonal) gives NaN; fails ntk_gram_infinite with a NaN message.
import numpy as np


def ntk_gram_infinite(X):
    G = X.T @ X
    norms = np.linalg.norm(X, axis=0)
    cos = G / np.outer(norms, norms)
    return G * (np.pi - np.arccos(cos)) / (2 * np.pi)
