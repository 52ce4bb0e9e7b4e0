# Bug: returns the parity bit (Xb v) mod 2 in {0, 1} instead of the sign (-1)^(Xb v); fails parity_labels against the reference.
import numpy as np


def parity_labels(Xb, v):
    return ((Xb @ v).astype(np.int64) % 2).astype(np.float64)
