# Bug: returns ||P_X w|| (the part in the span) instead of the residual; fails span_residual against the reference and on GD iterates from 0 (should be 0).
import numpy as np


def span_residual(w, X):
    Q, _ = np.linalg.qr(X)
    return float(np.linalg.norm(Q.T @ w))
