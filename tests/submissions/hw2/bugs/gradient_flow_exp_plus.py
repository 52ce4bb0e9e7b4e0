# Bug: uses exp(+lambda t) instead of exp(-lambda t) (the flow runs away); fails gradient_flow against the reference and against GD.
import numpy as np


def gradient_flow(X, y, ts, w0):
    n = X.shape[1]
    lam, V = np.linalg.eigh(X @ X.T / n)
    lam, V = lam[-n:], V[:, -n:]
    target = (V.T @ X @ y / n) / lam
    start = V.T @ w0
    coef = target + (start - target) * np.exp(np.outer(ts, lam))
    return (w0 - V @ start)[None, :] + coef @ V.T
