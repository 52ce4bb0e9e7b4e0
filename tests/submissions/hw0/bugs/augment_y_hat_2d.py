# Bug: y_hat has shape (n+d, 1) instead of (n+d,); fails augment on the shape of y_hat.
import numpy as np


def augment(X, y, Gamma):
    X_hat = np.vstack([X, Gamma])
    y_hat = np.vstack([np.reshape(y, (-1, 1)), np.zeros((Gamma.shape[0], 1))])
    return X_hat, y_hat
