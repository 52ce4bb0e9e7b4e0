# Bug: returns the squared distance ||w - P_X w||^2; fails span_residual against the reference.
import numpy as np


def span_residual(w, X):
    Q, _ = np.linalg.qr(X)
    r = w - Q @ (Q.T @ w)
    return float(r @ r)
