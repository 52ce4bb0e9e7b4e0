# Bug: returns a flat vector of shape (d,) instead of a row (1, d); fails end_to_end_step_vector shape check.
import numpy as np


def end_to_end_step_vector(w, g, N, lr):
    w, g = np.ravel(w), np.ravel(g)
    norm = np.linalg.norm(w)
    return w - lr * (norm ** (2 * (N - 1) / N) * g + (N - 1) * norm ** (-2 / N) * (g @ w) * w)
