# Bug: mean of ||G_v||^2 without subtracting the mean gradient (a second moment, not a variance); fails gradient_variance against the reference.
import numpy as np


def gradient_variance(G):
    return float(np.mean(np.sum(G**2, axis=1)))
