# Bug: (n, 1) prediction minus (n,) target broadcasts to (n, n); fails lnn_loss vs reference.
import numpy as np


def lnn_loss(Ws, X, y):
    P = Ws[0]
    for W in Ws[1:]:
        P = W @ P
    return float(np.sum((X @ P.T - y) ** 2) / (2 * X.shape[0]))
