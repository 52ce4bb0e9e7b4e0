"""hw4, a correct submission in NumPy float32 with explicit loops (over samples, steps and
times; units stay vectorised, as a width of 20,000 asks), inputs cast down on entry.
"""

import numpy as np

F = np.float32


def _f(a):
    return np.asarray(a, dtype=F)


def wide_forward(X, W, a):
    X, W, a = _f(X), _f(W), _f(a)
    u = np.zeros(X.shape[0], dtype=F)
    for i in range(X.shape[0]):
        u[i] = np.sum(a * np.maximum(W @ X[i], 0)) / np.sqrt(F(W.shape[0]))
    return u


def wide_grad(X, y, W, a):
    X, y, W, a = _f(X), _f(y), _f(W), _f(a)
    scale = a / np.sqrt(F(W.shape[0]))
    G = np.zeros_like(W)
    for i in range(X.shape[0]):
        z = W @ X[i]
        r = np.sum(scale * np.maximum(z, 0)) - y[i]
        G += np.outer(scale * r * (z > 0), X[i])
    return G


def empirical_ntk(X, W, a):
    X, W, a = _f(X), _f(W), _f(a)
    n, m = X.shape[0], W.shape[0]
    H = np.zeros((n, n), dtype=F)
    for i in range(n):
        for j in range(n):
            both = (W @ X[i] > 0) & (W @ X[j] > 0)
            H[i, j] = np.sum(a[both] ** 2) / m * (X[i] @ X[j])
    return H


def train_wide(X, y, W0, a, lr, steps):
    W = _f(W0).copy()
    U, losses = [], []
    for _ in range(steps + 1):
        u = wide_forward(X, W, a)
        U.append(u)
        losses.append(0.5 * np.sum((u - _f(y)) ** 2))
        if len(U) <= steps:
            W = W - F(lr) * wide_grad(X, y, W, a)
    return W, np.array(U), np.array(losses)


def kernel_gd(H, u0, y, lr, steps):
    H, y = _f(H), _f(y)
    out = np.zeros((steps + 1, len(u0)), dtype=F)
    out[0] = u0
    for t in range(steps):
        residual = out[t] - y
        for i in range(len(u0)):
            out[t + 1, i] = out[t, i] - F(lr) * np.sum(H[i] * residual)
    return out


def kernel_flow(H, u0, y, ts):
    lam, Q = np.linalg.eigh(_f(H))
    c = Q.T @ (_f(u0) - _f(y))
    out = np.zeros((len(ts), len(u0)), dtype=F)
    for k, t in enumerate(ts):
        out[k] = _f(y) + Q @ (np.exp(-F(t) * lam) * c)
    return out


def flow_loss_bound(H, u0, y, ts):
    lam_min = np.linalg.eigvalsh(_f(H))[0]
    r2 = np.sum((_f(u0) - _f(y)) ** 2)
    return np.array([r2 * np.exp(-2 * lam_min * F(t)) for t in ts], dtype=F)


def ntk_drift(X, W0, W, a):
    D = empirical_ntk(X, W, a) - empirical_ntk(X, W0, a)
    return float(np.linalg.svd(D, compute_uv=False)[0])


def pattern_changes(X, W0, W):
    X, W0, W = _f(X), _f(W0), _f(W)
    changed = 0
    for i in range(X.shape[0]):
        changed += int(np.sum((W0 @ X[i] > 0) != (W @ X[i] > 0)))
    return changed / (X.shape[0] * W.shape[0])
