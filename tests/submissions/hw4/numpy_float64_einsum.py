"""hw4, a correct submission in NumPy float64 written with einsum, the kernel flow through a
scaled-and-squared Taylor series of the matrix exponential, not an eigendecomposition.
"""

import numpy as np


def _active(X, W):
    return np.einsum("id,rd->ir", X, W) > 0


def wide_forward(X, W, a):
    return np.einsum("ir,r->i", np.maximum(np.einsum("id,rd->ir", X, W), 0), a) / np.sqrt(len(a))


def wide_grad(X, y, W, a):
    r = wide_forward(X, W, a) - y
    return np.einsum("r,i,ir,id->rd", a, r, _active(X, W), X, optimize=True) / np.sqrt(len(a))


def empirical_ntk(X, W, a):
    A = _active(X, W)
    return np.einsum("r,ir,jr->ij", a**2, A, A) / len(a) * np.einsum("id,jd->ij", X, X)


def train_wide(X, y, W0, a, lr, steps):
    Ws = [W0]
    for _ in range(steps):
        Ws.append(Ws[-1] - lr * wide_grad(X, y, Ws[-1], a))
    U = np.stack([wide_forward(X, W, a) for W in Ws])
    return Ws[-1], U, 0.5 * np.einsum("ti,ti->t", U - y, U - y)


def kernel_gd(H, u0, y, lr, steps):
    out = [np.array(u0)]
    for _ in range(steps):
        out.append(out[-1] - lr * np.einsum("ij,j->i", H, out[-1] - y))
    return np.stack(out)


def _expm(A):
    """exp(A) by scaling and squaring a Taylor series."""
    squarings = max(0, int(np.ceil(np.log2(max(np.linalg.norm(A, 1), 1e-300)))) + 1)
    B = A / 2**squarings
    term, total = np.eye(len(A)), np.eye(len(A))
    for k in range(1, 20):
        term = term @ B / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def kernel_flow(H, u0, y, ts):
    return np.stack([y + _expm(-t * H) @ (u0 - y) for t in ts])


def flow_loss_bound(H, u0, y, ts):
    return np.einsum("i,i->", u0 - y, u0 - y) * np.exp(-2 * np.linalg.eigvalsh(H)[0] * np.asarray(ts))


def ntk_drift(X, W0, W, a):
    return float(np.linalg.norm(empirical_ntk(X, W, a) - empirical_ntk(X, W0, a), 2))


def pattern_changes(X, W0, W):
    return float(np.mean(_active(X, W0) != _active(X, W)))
