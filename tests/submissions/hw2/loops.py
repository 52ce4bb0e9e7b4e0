"""hw2, a correct submission written with plain Python loops (NumPy only for eig/solve/pinv).

Returns Python floats, lists of lists, and NumPy arrays in a few places.
"""

import math

import numpy as np


def _dot(u, v):
    s = 0.0
    for a, b in zip(u, v):
        s += a * b
    return s


def _col(X, j):
    return [X[i][j] for i in range(len(X))]


def _residual(w, X, y):
    d, n = len(X), len(X[0])
    return [sum(X[i][j] * w[i] for i in range(d)) - y[j] for j in range(n)]


def ls_loss(w, X, y):
    X, w, y = np.asarray(X).tolist(), list(w), list(y)
    r = _residual(w, X, y)
    return _dot(r, r) / (2.0 * len(r))


def ls_grad(w, X, y):
    X, w, y = np.asarray(X).tolist(), list(w), list(y)
    r = _residual(w, X, y)
    n = len(r)
    return [sum(X[i][j] * r[j] for j in range(n)) / n for i in range(len(X))]


def gd_iterates(X, y, lr, steps, w0):
    w = [float(v) for v in w0]
    out = [list(w)]
    for _ in range(steps):
        g = ls_grad(w, X, y)
        w = [wi - lr * gi for wi, gi in zip(w, g)]
        out.append(list(w))
    return out


def gradient_flow(X, y, ts, w0):
    X = np.asarray(X, dtype=float)
    d, n = X.shape
    A = [[sum(X[i][k] * X[j][k] for k in range(n)) / n for j in range(d)] for i in range(d)]
    b = [sum(X[i][k] * y[k] for k in range(n)) / n for i in range(d)]
    lam, V = np.linalg.eigh(np.array(A))
    top = max(abs(v) for v in lam)
    out = []
    for t in ts:
        w = [float(v) for v in w0]
        for k in range(d):
            if lam[k] <= 1e-12 * top:
                continue                      # null-space direction: never moves
            vk = [V[i][k] for i in range(d)]
            start = _dot(vk, w0)
            goal = _dot(vk, b) / lam[k]
            shift = (goal - start) * (1.0 - math.exp(-lam[k] * t))
            for i in range(d):
                w[i] += shift * vk[i]
        out.append(w)
    return np.array(out).reshape(len(out), d)


def min_norm_solution(X, y):
    X = np.asarray(X, dtype=float)
    d, n = X.shape
    gram = [[_dot(_col(X, i), _col(X, j)) for j in range(n)] for i in range(n)]
    alpha = np.linalg.solve(np.array(gram), np.asarray(y, dtype=float))
    return [sum(X[i][j] * alpha[j] for j in range(n)) for i in range(d)]


def span_residual(w, X):
    # Gram-Schmidt (twice, for stability) on the columns of X, then subtract projections.
    X = np.asarray(X, dtype=float)
    basis = []
    for j in range(X.shape[1]):
        v = _col(X, j)
        for _ in range(2):
            for q in basis:
                c = _dot(q, v)
                v = [vi - c * qi for vi, qi in zip(v, q)]
        nv = math.sqrt(_dot(v, v))
        basis.append([vi / nv for vi in v])
    r = [float(v) for v in w]
    for _ in range(2):
        for q in basis:
            c = _dot(q, r)
            r = [ri - c * qi for ri, qi in zip(r, q)]
    return math.sqrt(_dot(r, r))


def ntk_gram_linear(X):
    X = np.asarray(X, dtype=float)
    n = X.shape[1]
    cols = [_col(X, j) for j in range(n)]
    return [[_dot(cols[i], cols[j]) for j in range(n)] for i in range(n)]


def ntk_gram_relu(X, W, a):
    # Loop over samples and pairs; the sum over the m units uses NumPy for speed at m = 20,000.
    X, W, a = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(a, dtype=float)
    m, n = W.shape[0], X.shape[1]
    active = [W @ X[:, i] > 0 for i in range(n)]
    a2 = a * a
    H = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            both = float(np.sum(a2[active[i] & active[j]]))
            H[i][j] = H[j][i] = both * float(X[:, i] @ X[:, j]) / m
    return H


def ntk_gram_infinite(X):
    X = np.asarray(X, dtype=float)
    n = X.shape[1]
    cols = [_col(X, j) for j in range(n)]
    H = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            g = _dot(cols[i], cols[j])
            u = g / math.sqrt(_dot(cols[i], cols[i]) * _dot(cols[j], cols[j]))
            u = min(1.0, max(-1.0, u))
            H[i][j] = g * (math.pi - math.acos(u)) / (2 * math.pi)
    return H


def _layer(W, b, h):
    return [sum(W[r][k] * h[k] for k in range(len(h))) + b[r] for r in range(len(W))]


def activation_pattern(x, Ws, bs):
    h = [float(v) for v in x]
    pattern = []
    for W, b in zip(Ws, bs):
        z = _layer(W, b, h)
        pattern.append(np.array([v > 0 for v in z], dtype=bool))
        h = [max(v, 0.0) for v in z]
    return pattern


def local_linear_map(x, Ws, bs, w_out):
    d = len(x)
    pattern = activation_pattern(x, Ws, bs)
    # Track x_h = M z + c on the region, row by row.
    M = [[1.0 if i == j else 0.0 for j in range(d)] for i in range(d)]
    c = [0.0] * d
    for W, b, act in zip(Ws, bs, pattern):
        newM, newc = [], []
        for r in range(len(W)):
            if act[r]:
                newM.append([sum(W[r][k] * M[k][j] for k in range(len(M))) for j in range(d)])
                newc.append(sum(W[r][k] * c[k] for k in range(len(c))) + b[r])
            else:
                newM.append([0.0] * d)
                newc.append(0.0)
        M, c = newM, newc
    a = [sum(w_out[r] * M[r][j] for r in range(len(M))) for j in range(d)]
    return np.array(a), float(_dot(w_out, c))


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    x0, x1 = [float(v) for v in x0], [float(v) for v in x1]
    if x0 == x1:
        return 1
    dx = [b - a for a, b in zip(x0, x1)]
    Ws = [np.asarray(W).tolist() for W in Ws]
    bs = [list(b) for b in bs]
    t, pieces = 0.0, 0
    while True:
        pieces += 1
        probe = t + 1e-9
        pattern = activation_pattern([a + probe * v for a, v in zip(x0, dx)], Ws, bs)
        # Along the segment, inside this region, layer pre-activations are p + t q.
        p, q, t_next = list(x0), list(dx), 1.0
        for W, b, act in zip(Ws, bs, pattern):
            zp = _layer(W, b, p)
            zq = _layer(W, [0.0] * len(b), q)
            for r in range(len(W)):
                if zq[r] != 0:
                    root = -zp[r] / zq[r]
                    if probe < root < t_next:
                        t_next = root
            p = [zp[r] if act[r] else 0.0 for r in range(len(W))]
            q = [zq[r] if act[r] else 0.0 for r in range(len(W))]
        if t_next >= 1.0:
            return pieces
        t = t_next


def param_grads_homogeneous(Ws, x):
    Ws = [np.asarray(W, dtype=float).tolist() for W in Ws]
    L = len(Ws)
    hs, zs = [[float(v) for v in x]], []
    for W in Ws[:-1]:
        z = [_dot(row, hs[-1]) for row in W]
        zs.append(z)
        hs.append([max(v, 0.0) for v in z])
    grads = [None] * L
    delta = [1.0]
    for l in range(L - 1, -1, -1):
        grads[l] = [[delta[r] * hs[l][k] for k in range(len(hs[l]))] for r in range(len(delta))]
        if l > 0:
            W = Ws[l]
            delta = [sum(W[r][k] * delta[r] for r in range(len(W))) * (1.0 if zs[l - 1][k] > 0 else 0.0)
                     for k in range(len(W[0]))]
    return grads
