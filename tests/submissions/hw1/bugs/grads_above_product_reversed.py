# Bug: the product of the layers above built as W_{k+1} ... W_H (wrong order) before transposing; fails deep_linear_grads against autograd for H >= 3 with square layers (a shape error for non-square ones; H <= 2 passes).
import numpy as np


def deep_linear_grads(Ws, X, Y):
    H = len(Ws)
    moment = (end_to_end(Ws) @ X - Y) @ X.T
    grads = []
    for k in range(H):
        above = np.eye(Ws[k].shape[0])
        for W in Ws[k + 1:]:
            above = above @ W
        below = _chain(Ws, 0, k, Ws[0].shape[1])
        grads.append(above.T @ moment @ below.T)
    return grads
