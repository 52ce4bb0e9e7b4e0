# Bug: (1/n)||.||^2 instead of (1/2n)||.||^2 (ratio 2); fails lnn_loss vs reference.
import numpy as np


def lnn_loss(Ws, X, y):
    P = Ws[0]
    for W in Ws[1:]:
        P = W @ P
    r = (X @ P.T)[:, 0] - y
    return float(np.mean(r**2))
