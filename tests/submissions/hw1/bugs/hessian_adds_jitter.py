# Bug: adds 1e-9 * I "for numerical stability"; invisible at random points, fails loss_hessian zero at the origin.
import numpy as np

_exact_hessian = loss_hessian


def loss_hessian(Ws, X, Y):
    H = _exact_hessian(Ws, X, Y)
    return H + 1e-9 * np.eye(len(H))
