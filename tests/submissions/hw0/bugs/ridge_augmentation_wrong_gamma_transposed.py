# Bug: augments with Gamma^T (so the regularizer is Gamma Gamma^T, not Gamma^T Gamma); fails ridge_via_augmentation against the reference and the closed form for non-symmetric Gamma.
import numpy as np


def ridge_via_augmentation(X, y, Gamma):
    X_hat = np.vstack([X, np.asarray(Gamma).T])
    y_hat = np.concatenate([y, np.zeros(Gamma.shape[0])])
    return np.linalg.lstsq(X_hat, y_hat, rcond=None)[0]
