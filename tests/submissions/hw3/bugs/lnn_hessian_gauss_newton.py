# Bug: only the Gauss-Newton term J^T (X^T X / n) J, the second-order term of the layer product dropped; fails lnn_hessian vs reference (random points, N >= 2).
import numpy as np


def lnn_hessian(Ws, X, y):
    n, p = X.shape
    N = len(Ws)

    def chain(mats, size):
        out = np.eye(size)
        for M in mats:
            out = M @ out
        return out

    cols = []
    for j in range(N):
        after = chain(Ws[j + 1:], Ws[j].shape[0])[0]
        before = chain(Ws[:j], p)
        cols.append(np.einsum("a,bq->qab", after, before).reshape(p, -1))
    J = np.concatenate(cols, axis=1)
    return J.T @ (X.T @ X / n) @ J
