# Bug: uses the eigenvalues of X X^T instead of (1/n) X X^T (time runs n times too fast); fails gradient_flow against the reference and against GD at lr*k.
import numpy as np


def gradient_flow(X, y, ts, w0):
    lam, V = np.linalg.eigh(X @ X.T)
    n = X.shape[1]
    lam, V = lam[-n:], V[:, -n:]
    target = (V.T @ X @ y) / lam
    start = V.T @ w0
    coef = target + (start - target) * np.exp(-np.outer(ts, lam))
    return (w0 - V @ start)[None, :] + coef @ V.T
