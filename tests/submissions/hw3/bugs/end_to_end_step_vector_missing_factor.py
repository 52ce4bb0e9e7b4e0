# Bug: the (N-1) factor on the <g, w> w term dropped; fails end_to_end_step_vector vs reference / general form (N >= 3).
import numpy as np


def end_to_end_step_vector(w, g, N, lr):
    norm = np.linalg.norm(w)
    return w - lr * (norm ** (2 * (N - 1) / N) * g + norm ** (-2 / N) * np.sum(g * w) * w)
