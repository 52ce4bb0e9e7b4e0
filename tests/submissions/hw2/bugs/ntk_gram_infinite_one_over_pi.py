# Bug: divides by pi instead of 2 pi (ratio 2); fails ntk_gram_infinite against the reference and the width-20,000 limit.
# also fails: ntk_gram_relu
# (its width-20,000 check compares with the student's ntk_gram_infinite.)
import numpy as np


def ntk_gram_infinite(X):
    G = X.T @ X
    norms = np.linalg.norm(X, axis=0)
    cos = np.clip(G / np.outer(norms, norms), -1.0, 1.0)
    return G * (np.pi - np.arccos(cos)) / np.pi
