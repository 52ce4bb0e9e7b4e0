# Bug: Gauss-Newton only, J^T J, missing the second-order term in the residual; fails loss_hessian against the reference at random points (H >= 2) and has no negative eigenvalue at the H = 2 saddle 0.
import numpy as np


def loss_hessian(Ws, X, Y):
    above, below = _factors(Ws)
    J = np.hstack([np.kron(a, (b @ X).T) for a, b in zip(above, below)])  # d vec(W_{1:H} X) / d vec(Ws)
    return J.T @ J
