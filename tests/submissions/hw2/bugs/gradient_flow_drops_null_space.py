# Bug: forgets w0's component in the null space of X^T (starts from P_X w0), so w(0) != w0; fails gradient_flow against the reference (ts = 0 row included).
import numpy as np


def gradient_flow(X, y, ts, w0):
    n = X.shape[1]
    lam, V = np.linalg.eigh(X @ X.T / n)
    lam, V = lam[-n:], V[:, -n:]
    target = (V.T @ X @ y / n) / lam
    start = V.T @ w0
    coef = target + (start - target) * np.exp(-np.outer(ts, lam))
    return coef @ V.T
