# Bug: divides by pi instead of 2 pi (ratio 2); fails ntk_gram_infinite against the reference.
import numpy as np


def ntk_gram_infinite(X):
    G = X.T @ X
    norms = np.linalg.norm(X, axis=0)
    cos = np.clip(G / np.outer(norms, norms), -1.0, 1.0)
    return G * (np.pi - np.arccos(cos)) / np.pi
