"""hw3, a correct submission in NumPy float32 (inputs cast down on entry).

The Hessian uses Kronecker products: for row-major vec, vec(A dW B) = (A kron B^T) vec(dW).
balanced_factors takes no threshold on tiny singular values (the handout only advises one),
to show that a correct float32 answer without it passes.
"""

import numpy as np

F = np.float32


def _f(a):
    return np.asarray(a, dtype=F)


def noisy_gd(A, b, w0, xi, schedule):
    A, b, xi = _f(A), _f(b), _f(xi)
    beta = F(np.linalg.eigvalsh(A).max())
    T = xi.shape[0]
    if schedule == "constant":
        etas = np.full(T, 1 / beta, dtype=F)
    else:
        etas = np.minimum(1 / np.arange(1, T + 1, dtype=F), 1 / beta)
    W = np.zeros((T + 1, b.size), dtype=F)
    W[0] = w0
    for t, eta in enumerate(etas):
        W[t + 1] = W[t] - eta * (A @ W[t] - b + xi[t])
    return W


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    num = F(2) * F(beta) * (F(f0) - F(fstar))
    return num / (F(eps) ** 2 + F(2) * F(eps) * F(sigma))


def sine_targets(X, w, eps):
    return np.einsum("np,p->n", np.sin(_f(X)), _f(w)) + _f(eps)


def _prefixes(Ws, p):
    """[W_{1:0} = I, W_{1:1}, ..., W_{1:N}]."""
    out = [np.eye(p, dtype=F)]
    for W in Ws:
        out.append(W @ out[-1])
    return out


def _suffixes(Ws):
    """suffix[j] = W_{j+1:N} (0-based j), suffix[N-1] = I of order 1."""
    out = [np.eye(1, dtype=F)]
    for W in reversed(Ws[1:]):
        out.append(out[-1] @ W)
    return out[::-1]


def lnn_loss(Ws, X, y):
    Ws, X, y = [_f(W) for W in Ws], _f(X), _f(y)
    r = (X @ _prefixes(Ws, X.shape[1])[-1].T).ravel() - y
    return F(0.5) * np.mean(r * r)


def lnn_grads(Ws, X, y):
    Ws, X, y = [_f(W) for W in Ws], _f(X), _f(y)
    pre = _prefixes(Ws, X.shape[1])
    suf = _suffixes(Ws)
    r = (X @ pre[-1].T).ravel() - y
    E = (X.T @ r / F(len(y)))[None, :]
    return [suf[j].T @ E @ pre[j].T for j in range(len(Ws))]


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [_f(W).copy() for W in Ws0]
    losses = np.zeros(steps + 1, dtype=F)
    norms = np.zeros(steps + 1, dtype=F)
    for t in range(steps + 1):
        g = lnn_grads(Ws, X, y)
        losses[t] = lnn_loss(Ws, X, y)
        norms[t] = np.sqrt(sum(np.vdot(gj, gj) for gj in g))
        if t < steps:
            for W, gj in zip(Ws, g):
                W -= F(lr) * gj
    return Ws, losses, norms


def lnn_hessian(Ws, X, y):
    Ws, X, y = [_f(W) for W in Ws], _f(X), _f(y)
    n, p = X.shape
    pre, suf = _prefixes(Ws, p), _suffixes(Ws)
    r = (X @ pre[-1].T).ravel() - y
    E = (X.T @ r / F(n))[None, :]
    J = np.hstack([np.kron(suf[j], pre[j].T) for j in range(len(Ws))])   # (p, P)
    H = J.T @ (X.T @ X / F(n)) @ J
    cuts = np.cumsum([0] + [W.size for W in Ws])
    for j in range(len(Ws)):
        for i in range(j):
            M = np.eye(Ws[i].shape[0], dtype=F)
            for W in Ws[i + 1:j]:
                M = W @ M                                   # W_{i+1:j-1}
            K = pre[i] @ E.T @ suf[j]                       # (d_{i-1}, d_j)
            # <E, suf_j dW_j M dW_i pre_i> = sum K[d,a] dW_j[a,b] M[b,c] dW_i[c,d]
            C = np.kron(K.T, M)                             # rows (a,b), columns (d,c)
            di, di0 = Ws[i].shape
            C = C.reshape(-1, di0, di).transpose(0, 2, 1).reshape(-1, di * di0)
            H[cuts[j]:cuts[j + 1], cuts[i]:cuts[i + 1]] += C
            H[cuts[i]:cuts[i + 1], cuts[j]:cuts[j + 1]] += C.T
    return H


def extreme_eigenvalues(H):
    lam = np.linalg.eigvalsh(_f(H))
    return lam.min(), lam.max()


def balanced_factors(W, N):
    W = _f(W)
    U, s, Vt = np.linalg.svd(W)
    R = np.diag(s ** F(1 / N)).astype(F)  # no threshold: the handout only advises one
    if N == 1:
        return [W.copy()]
    Ws = [R @ Vt]
    Ws += [R.copy() for _ in range(N - 2)]
    Ws.append(U @ R)
    return Ws


def _power(M, a):
    if a == 0:
        return np.eye(M.shape[0], dtype=F)
    lam, Q = np.linalg.eigh(M)
    lam = np.where(lam >= F(1e-5) * lam.max(), np.maximum(lam, 0), 0).astype(F)
    return (Q * lam ** F(a)) @ Q.T


def end_to_end_step(W, G, N, lr):
    W, G = _f(W), _f(G)
    L, Rt = W @ W.T, W.T @ W
    terms = [_power(L, (j - 1) / N) @ G @ _power(Rt, (N - j) / N) for j in range(1, N + 1)]
    return W - F(lr) * np.sum(terms, axis=0)


def end_to_end_step_vector(w, g, N, lr):
    w, g = _f(w), _f(g)
    nrm = np.linalg.norm(w)
    return w - F(lr) * (nrm ** F(2 * (N - 1) / N) * g
                        + F(N - 1) * nrm ** F(-2 / N) * np.vdot(g, w) * w)


def sym_factor_grad(U, G):
    U, G = _f(U), _f(G)
    return G @ U + G.T @ U


def sym_factor_velocity(U, G):
    U, G = _f(U), _f(G)
    S = G + G.T
    V = S @ U @ U.T
    return -(V + V.T)
