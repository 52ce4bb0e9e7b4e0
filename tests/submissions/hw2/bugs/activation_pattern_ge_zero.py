# Bug: counts a pre-activation of exactly 0 as active (uses >= 0); fails activation_pattern on the case with exact zeros (integer weights).
import numpy as np


def activation_pattern(x, Ws, bs):
    h, out = x, []
    for W, b in zip(Ws, bs):
        z = W @ h + b
        out.append(z >= 0)
        h = np.maximum(z, 0.0)
    return out
