# Bug: orders the parameter blocks last layer first, vec(W_H, ..., W_1); fails loss_hessian against the reference (H >= 2).
import numpy as np


def loss_hessian(Ws, X, Y):
    H = len(Ws)
    above, below = _factors(Ws)
    residual = end_to_end(Ws) @ X - Y
    order = list(reversed(range(H)))  # the bug: last layer first
    J = np.hstack([np.kron(above[k], (below[k] @ X).T) for k in order])
    hessian = J.T @ J
    sizes = [Ws[k].size for k in order]
    offsets = dict(zip(order, np.cumsum([0] + sizes)[:-1]))
    for k in range(H):
        for j in range(k):
            G = above[k].T @ residual @ X.T @ below[j].T
            middle = _chain(Ws, j + 1, k, Ws[j].shape[0])
            block = np.einsum("ae,bc->abce", G, middle).reshape(Ws[k].size, Ws[j].size)
            rk, rj = offsets[k], offsets[j]
            hessian[rk:rk + Ws[k].size, rj:rj + Ws[j].size] += block
            hessian[rj:rj + Ws[j].size, rk:rk + Ws[k].size] += block.T
    return hessian
