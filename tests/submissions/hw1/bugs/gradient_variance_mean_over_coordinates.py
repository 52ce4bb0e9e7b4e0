# Bug: np.var(G) over all entries / averaged over coordinates (divides by P as well); fails gradient_variance against the reference (P > 1).
import numpy as np


def gradient_variance(G):
    return float(np.mean(np.var(G, axis=0)))
