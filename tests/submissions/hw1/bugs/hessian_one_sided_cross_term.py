# Bug: adds the second-order cross-layer block only below the diagonal (forgets its transpose above it), a non-symmetric matrix; fails loss_hessian against the reference (H >= 2, nonzero residual).
import numpy as np


def loss_hessian(Ws, X, Y):
    H = len(Ws)
    above, below = _factors(Ws)
    residual = end_to_end(Ws) @ X - Y
    J = np.hstack([np.kron(above[k], (below[k] @ X).T) for k in range(H)])
    hessian = J.T @ J
    offsets = np.cumsum([0] + [W.size for W in Ws])
    for k in range(H):
        for j in range(k):
            G = above[k].T @ residual @ X.T @ below[j].T
            middle = _chain(Ws, j + 1, k, Ws[j].shape[0])
            block = np.einsum("ae,bc->abce", G, middle).reshape(Ws[k].size, Ws[j].size)
            hessian[offsets[k]:offsets[k + 1], offsets[j]:offsets[j + 1]] += 2 * block
    return hessian
