# Bug: appends Gamma^T instead of Gamma; fails augment against the reference for non-symmetric Gamma.
import numpy as np


def augment(X, y, Gamma):
    X_hat = np.vstack([X, np.asarray(Gamma).T])
    y_hat = np.concatenate([y, np.zeros(Gamma.shape[0])])
    return X_hat, y_hat
