# Bug: the second-order term uses the prediction X W_{1:N}^T instead of the residual X W_{1:N}^T - y (y forgotten there); fails lnn_hessian vs reference, and at the trained weights (where the residual is orthogonal to X) the Hessian is indefinite: fails the minimum check.
import numpy as np


def lnn_hessian(Ws, X, y):
    n, p = X.shape
    N = len(Ws)

    def chain(mats, size):
        out = np.eye(size)
        for M in mats:
            out = M @ out
        return out

    E = ((X @ chain(Ws, p).T)[:, 0] @ X) / n  # should be ((X W^T)[:, 0] - y) @ X / n
    after = [chain(Ws[j + 1:], Ws[j].shape[0])[0] for j in range(N)]
    before = [chain(Ws[:j], p) for j in range(N)]
    sizes = [W.size for W in Ws]
    cut = np.cumsum([0] + sizes)
    J = np.concatenate([np.einsum("a,bq->qab", after[j], before[j]).reshape(p, -1)
                        for j in range(N)], axis=1)
    H = J.T @ (X.T @ X / n) @ J
    for j in range(N):
        for i in range(j):
            M = chain(Ws[i + 1:j], Ws[i].shape[0])
            K = before[i] @ np.outer(E, after[j])
            block = np.einsum("da,bc->abcd", K, M).reshape(sizes[j], sizes[i])
            H[cut[j]:cut[j + 1], cut[i]:cut[i + 1]] += block
            H[cut[i]:cut[i + 1], cut[j]:cut[j + 1]] += block.T
    return H
