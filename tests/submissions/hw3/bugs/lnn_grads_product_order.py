# Bug: W_{j+1:N} built as W_N W_{j+1} ... W_{N-1} (middle layers in forward order); fails lnn_grads vs reference/autograd (square hidden layers, depth >= 4).
import numpy as np


def lnn_grads(Ws, X, y):
    n, p = X.shape
    P = np.eye(p)
    prefix = []
    for W in Ws:
        prefix.append(P)
        P = W @ P
    E = (((X @ P.T)[:, 0] - y) @ X)[None, :] / n
    grads = []
    for j in range(len(Ws)):
        if j == len(Ws) - 1:
            after = np.eye(1)
        else:
            after = Ws[-1]
            for W in Ws[j + 1:-1]:
                after = after @ W
        grads.append(after.T @ E @ prefix[j].T)
    return grads
