# Bug: ||w||^{(N-1)/N} and ||w||^{-1/N} (norm exponents halved); fails end_to_end_step_vector vs reference (||w|| != 1).
import numpy as np


def end_to_end_step_vector(w, g, N, lr):
    norm = np.linalg.norm(w)
    return w - lr * (norm ** ((N - 1) / N) * g + (N - 1) * norm ** (-1 / N) * np.sum(g * w) * w)
