# Bug: normalises the cosine by ||x_i||^2 instead of ||x_i|| ||x_j|| (H is no longer symmetric); fails ntk_gram_infinite against the reference and the symmetry check.
import numpy as np


def ntk_gram_infinite(X):
    G = X.T @ X
    norms = np.linalg.norm(X, axis=0)
    cos = np.clip(G / norms[:, None] ** 2, -1.0, 1.0)
    return G * (np.pi - np.arccos(cos)) / (2 * np.pi)
