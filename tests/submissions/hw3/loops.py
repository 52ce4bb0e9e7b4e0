"""hw3, a correct submission written with explicit Python loops (NumPy only for eigh/svd),
returning Python lists or NumPy arrays. The Hessian is assembled entry by entry from the
exact second-derivative formula, one parameter pair at a time.
"""

import math

import numpy as np


def _zeros(r, c):
    return [[0.0] * c for _ in range(r)]


def _eye(d):
    return [[1.0 if i == j else 0.0 for j in range(d)] for i in range(d)]


def _matmul(A, B):
    n, m, k = len(A), len(B), len(B[0])
    out = _zeros(n, k)
    for i in range(n):
        for l in range(m):
            a = A[i][l]
            if a != 0.0:
                for j in range(k):
                    out[i][j] += a * B[l][j]
    return out


def _transpose(A):
    return [list(col) for col in zip(*A)]


def _lists(M):
    return [[float(v) for v in row] for row in M]


def _chain(mats, size):
    """mats[-1] ... mats[0], or the identity of order `size`."""
    out = _eye(size)
    for M in mats:
        out = _matmul(M, out)
    return out


def noisy_gd(A, b, w0, xi, schedule):
    A, b, xi = _lists(A), [float(v) for v in b], _lists(xi)
    d = len(b)
    beta = float(np.linalg.eigvalsh(np.array(A))[-1])
    w = [float(v) for v in w0]
    out = [list(w)]
    for t in range(len(xi)):
        if schedule == "constant":
            eta = 1.0 / beta
        else:
            eta = min(1.0 / (t + 1), 1.0 / beta)
        grad = [sum(A[i][k] * w[k] for k in range(d)) - b[i] + xi[t][i] for i in range(d)]
        w = [w[i] - eta * grad[i] for i in range(d)]
        out.append(list(w))
    return out


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    return 2 * beta * (f0 - fstar) / (eps * eps + 2 * eps * sigma)


def sine_targets(X, w, eps):
    w = [float(v) for v in w]
    return [sum(math.sin(x) * wk for x, wk in zip(row, w)) + float(e)
            for row, e in zip(_lists(X), eps)]


def _end(Ws, p):
    return _chain([_lists(W) for W in Ws], p)


def _residuals(Ws, X, y):
    X = _lists(X)
    P = _end(Ws, len(X[0]))[0]
    return [sum(a * b for a, b in zip(row, P)) - float(t) for row, t in zip(X, y)], X


def lnn_loss(Ws, X, y):
    r, X = _residuals(Ws, X, y)
    return sum(v * v for v in r) / (2 * len(r))


def _E(Ws, X, y):
    r, X = _residuals(Ws, X, y)
    n, p = len(X), len(X[0])
    return [sum(r[i] * X[i][q] for i in range(n)) / n for q in range(p)], p


def lnn_grads(Ws, X, y):
    E, p = _E(Ws, X, y)
    Ls = [_lists(W) for W in Ws]
    grads = []
    for j in range(len(Ls)):
        after = _chain(Ls[j + 1:], len(Ls[j]))[0]          # row vector W_{j+1:N}
        before = _chain(Ls[:j], p)                         # W_{1:j-1}
        rows, cols = len(Ls[j]), len(Ls[j][0])
        g = _zeros(rows, cols)
        for a in range(rows):
            for b in range(cols):
                g[a][b] = after[a] * sum(before[b][q] * E[q] for q in range(p))
        grads.append(g)
    return grads


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [_lists(W) for W in Ws0]
    losses, norms = [], []
    for t in range(steps + 1):
        grads = lnn_grads(Ws, X, y)
        losses.append(lnn_loss(Ws, X, y))
        norms.append(math.sqrt(sum(v * v for g in grads for row in g for v in row)))
        if t < steps:
            Ws = [[[w - lr * gv for w, gv in zip(wr, gr)] for wr, gr in zip(W, g)]
                  for W, g in zip(Ws, grads)]
    return [np.array(W) for W in Ws], losses, norms


def lnn_hessian(Ws, X, y):
    Ls = [_lists(W) for W in Ws]
    Xl = _lists(X)
    n, p = len(Xl), len(Xl[0])
    E, _ = _E(Ws, X, y)
    S = [[sum(Xl[i][a] * Xl[i][b] for i in range(n)) / n for b in range(p)] for a in range(p)]
    N = len(Ls)
    index = [(j, a, b) for j in range(N) for a in range(len(Ls[j])) for b in range(len(Ls[j][0]))]
    after = [_chain(Ls[j + 1:], len(Ls[j]))[0] for j in range(N)]
    before = [_chain(Ls[:j], p) for j in range(N)]
    # dP[q] / dW_j[a][b] = after_j[a] * before_j[b][q]
    J = [[after[j][a] * before[j][b][q] for q in range(p)] for (j, a, b) in index]
    JS = [[sum(row[q] * S[q][r] for q in range(p)) for r in range(p)] for row in J]
    P = len(index)
    H = [[sum(JS[u][r] * J[v][r] for r in range(p)) for v in range(P)] for u in range(P)]
    middles = {(i, j): _chain(Ls[i + 1:j], len(Ls[i])) for j in range(N) for i in range(j)}
    for u, (j, a, b) in enumerate(index):
        for v, (i, c, d) in enumerate(index):
            if i < j:
                middle = middles[i, j]                          # W_{i+1:j-1}
                KdA = after[j][a] * sum(before[i][d][q] * E[q] for q in range(p))
                H[u][v] += KdA * middle[b][c]
                H[v][u] += KdA * middle[b][c]
    return np.array(H)


def extreme_eigenvalues(H):
    lam = np.linalg.eigvalsh(np.asarray(H))
    lo, hi = lam[0], lam[0]
    for v in lam:
        lo, hi = min(lo, v), max(hi, v)
    return float(lo), float(hi)


def balanced_factors(W, N):
    U, s, Vt = np.linalg.svd(np.asarray(W))
    d = len(s)
    root = [s[i] ** (1.0 / N) if s[i] ** 2 >= 1e-5 * s[0] ** 2 and s[i] > 0 else 0.0
            for i in range(d)]
    D = [[root[i] if i == k else 0.0 for k in range(d)] for i in range(d)]
    if N == 1:
        return [np.asarray(W).tolist()]
    first = _matmul(D, Vt.tolist())
    last = _matmul(U.tolist(), D)
    return [first] + [[row[:] for row in D] for _ in range(N - 2)] + [last]


def _power(M, a):
    d = len(M)
    if a == 0:
        return _eye(d)
    lam, Q = np.linalg.eigh(np.array(M))
    top = max(lam)
    pw = [l**a if l >= 1e-5 * top and l > 0 else 0.0 for l in lam]
    return [[sum(Q[i][k] * pw[k] * Q[j][k] for k in range(d)) for j in range(d)] for i in range(d)]


def end_to_end_step(W, G, N, lr):
    W, G = _lists(W), _lists(G)
    WWt, WtW = _matmul(W, _transpose(W)), _matmul(_transpose(W), W)
    total = _zeros(len(W), len(W[0]))
    for j in range(1, N + 1):
        term = _matmul(_matmul(_power(WWt, (j - 1) / N), G), _power(WtW, (N - j) / N))
        for r in range(len(W)):
            for c in range(len(W[0])):
                total[r][c] += term[r][c]
    return [[W[r][c] - lr * total[r][c] for c in range(len(W[0]))] for r in range(len(W))]


def end_to_end_step_vector(w, g, N, lr):
    w, g = _lists(w)[0], _lists(g)[0]
    norm = math.sqrt(sum(v * v for v in w))
    inner = sum(a * b for a, b in zip(g, w))
    c1, c2 = norm ** (2 * (N - 1) / N), (N - 1) * norm ** (-2 / N) * inner
    return [[wi - lr * (c1 * gi + c2 * wi) for wi, gi in zip(w, g)]]


def sym_factor_grad(U, G):
    U, G = _lists(U), _lists(G)
    d, r = len(U), len(U[0])
    return [[sum((G[i][k] + G[k][i]) * U[k][c] for k in range(d)) for c in range(r)]
            for i in range(d)]


def sym_factor_velocity(U, G):
    U, G = _lists(U), _lists(G)
    d, r = len(U), len(U[0])
    UUt = [[sum(U[i][c] * U[j][c] for c in range(r)) for j in range(d)] for i in range(d)]
    S = [[G[i][j] + G[j][i] for j in range(d)] for i in range(d)]
    SW = _matmul(S, UUt)
    return [[-SW[i][j] - SW[j][i] for j in range(d)] for i in range(d)]
