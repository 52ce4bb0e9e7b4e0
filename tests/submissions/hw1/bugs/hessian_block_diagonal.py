# Bug: keeps only the diagonal blocks d^2L/dW_k^2 (no cross-layer blocks); fails loss_hessian against the reference (H >= 2) and is 0 at the H = 2 saddle (no negative eigenvalue).
import numpy as np


def loss_hessian(Ws, X, Y):
    above, below = _factors(Ws)
    blocks = [np.kron(a, (b @ X).T) for a, b in zip(above, below)]
    P = sum(W.size for W in Ws)
    hessian = np.zeros((P, P))
    start = 0
    for J in blocks:
        n = J.shape[1]
        hessian[start:start + n, start:start + n] = J.T @ J
        start += n
    return hessian
