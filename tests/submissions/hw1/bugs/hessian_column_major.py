# Bug: vectorises each layer in column-major (Fortran) order instead of row-major; fails loss_hessian against the reference (a permuted matrix with the same eigenvalues).
import numpy as np


def loss_hessian(Ws, X, Y):
    H = len(Ws)
    above, below = _factors(Ws)
    residual = end_to_end(Ws) @ X - Y
    # column-major vec: vec(A E B) = (B^T kron A) vec(E), and vec(residual) column-major too
    J = np.hstack([np.kron((below[k] @ X).T, above[k]) for k in range(H)])
    hessian = J.T @ J
    offsets = np.cumsum([0] + [W.size for W in Ws])
    for k in range(H):
        for j in range(k):
            G = above[k].T @ residual @ X.T @ below[j].T  # (d_k, d_{j-1})
            middle = _chain(Ws, j + 1, k, Ws[j].shape[0])  # (d_{k-1}, d_j)
            # entry (W_k[a, b], W_j[c, e]) = G[a, e] middle[b, c], indexed column-major: (b, a) x (e, c)
            block = np.einsum("ae,bc->baec", G, middle).reshape(Ws[k].size, Ws[j].size)
            hessian[offsets[k]:offsets[k + 1], offsets[j]:offsets[j + 1]] += block
            hessian[offsets[j]:offsets[j + 1], offsets[k]:offsets[k + 1]] += block.T
    return hessian
