# Bug: exp(-t H)(u0 - y) without adding y back (the residual, not the predictions).
import numpy as np


def kernel_flow(H, u0, y, ts):
    lam, Q = np.linalg.eigh(H)
    return np.array([Q @ (np.exp(-t * lam) * (Q.T @ (u0 - y))) for t in ts])
