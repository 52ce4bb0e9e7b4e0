# Bug: feeds the pre-activations (not their ReLU) to the next layer; fails activation_pattern against the reference on networks with 2+ hidden layers.
import numpy as np


def activation_pattern(x, Ws, bs):
    h, out = x, []
    for W, b in zip(Ws, bs):
        h = W @ h + b
        out.append(h > 0)
    return out
