# Bug: gradients returned last layer first; fails lnn_grads shape check (depth >= 2 with p != 1).
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
        S = np.eye(Ws[j].shape[0])
        for W in Ws[j + 1:]:
            S = W @ S
        grads.append(S.T @ E @ prefix[j].T)
    return grads[::-1]
