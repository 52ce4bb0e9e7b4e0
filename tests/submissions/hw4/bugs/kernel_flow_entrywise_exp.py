# Bug: np.exp(-t H), the exponential of each entry, where the flow needs the matrix exponential.
import numpy as np


def kernel_flow(H, u0, y, ts):
    return np.array([y + np.exp(-t * H) @ (u0 - y) for t in ts])
