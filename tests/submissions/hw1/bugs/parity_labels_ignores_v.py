# Bug: (-1)^(sum of the bits of x), ignoring v (the full parity for every v); fails parity_labels against the reference (v != all ones).
import numpy as np


def parity_labels(Xb, v):
    return 1.0 - 2.0 * (np.sum(Xb, axis=1).astype(np.int64) % 2)
