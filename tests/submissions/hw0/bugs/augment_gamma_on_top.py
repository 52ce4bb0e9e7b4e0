# Bug: stacks Gamma above X ([Gamma; X], [0; y]); fails augment against the reference (row order).
import numpy as np


def augment(X, y, Gamma):
    X_hat = np.vstack([Gamma, X])
    y_hat = np.concatenate([np.zeros(Gamma.shape[0]), y])
    return X_hat, y_hat
