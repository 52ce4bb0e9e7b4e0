# Bug: exp(+t H), a flow away from the labels.
import numpy as np


def kernel_flow(H, u0, y, ts):
    lam, Q = np.linalg.eigh(H)
    return np.array([y + Q @ (np.exp(t * lam) * (Q.T @ (u0 - y))) for t in ts])
