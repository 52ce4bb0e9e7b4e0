# Bug: returns -w/b instead of -b/w; fails elbows against the reference.
import numpy as np


def elbows(w, b):
    return -np.asarray(w) / np.asarray(b)
