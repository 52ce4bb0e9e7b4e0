# Bug: returns the square root (a standard deviation) of the variance; fails gradient_variance against the reference.
import numpy as np


def gradient_variance(G):
    centred = G - G.mean(axis=0)
    return float(np.sqrt(np.mean(np.sum(centred**2, axis=1))))
