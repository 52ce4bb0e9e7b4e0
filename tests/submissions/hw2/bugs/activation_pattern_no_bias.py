# Bug: ignores the biases; fails activation_pattern against the reference.
import numpy as np


def activation_pattern(x, Ws, bs):
    h, out = x, []
    for W in Ws:
        z = W @ h
        out.append(z > 0)
        h = np.maximum(z, 0.0)
    return out
