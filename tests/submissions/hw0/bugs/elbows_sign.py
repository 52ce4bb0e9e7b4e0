# Bug: returns b/w instead of -b/w; fails elbows against the reference (ratio -1).
import numpy as np


def elbows(w, b):
    return np.asarray(b) / np.asarray(w)
