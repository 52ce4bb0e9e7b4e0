# Bug: projects with the complete (d x d) QR factor, i.e. the identity, so the residual is always 0; fails span_residual against the reference (w with a null-space part).
import numpy as np


def span_residual(w, X):
    Q, _ = np.linalg.qr(X, mode="complete")
    return float(np.linalg.norm(w - Q @ (Q.T @ w)))
