"""A correct hw0 written with plain Python loops and lists.

NumPy is used only for the linear solves and the singular values; vectors are
returned as Python lists of floats, matrices as NumPy arrays built from lists.
"""

import numpy as np


def _rows(M):
    return [[float(entry) for entry in row] for row in M]


def _dot(u, v):
    total = 0.0
    for a, b in zip(u, v):
        total += a * b
    return total


def _matvec(M, v):
    return [_dot(row, v) for row in M]


def _matTvec(M, v):
    cols = len(M[0])
    out = [0.0] * cols
    for row, vi in zip(M, v):
        for j in range(cols):
            out[j] += row[j] * vi
    return out


def grad_inner(x, c):
    return [float(ci) for ci in c]


def grad_sqnorm(x):
    return [2.0 * float(xi) for xi in x]


def jacobian_linear(A, x):
    # d(Ax)_i / dx_j = A_ij, entry by entry.
    m, n = len(A), len(A[0])
    J = [[0.0] * n for _ in range(m)]
    for i in range(m):
        for j in range(n):
            J[i][j] = float(A[i][j])
    return np.array(J)


def grad_quadratic(A, x):
    n = len(x)
    grad = [0.0] * n
    for k in range(n):
        # d/dx_k sum_ij x_i A_ij x_j = sum_j A_kj x_j + sum_i x_i A_ik
        for j in range(n):
            grad[k] += float(A[k][j]) * float(x[j]) + float(x[j]) * float(A[j][k])
    return grad


def augment(X, y, Gamma):
    X_hat = _rows(X) + _rows(Gamma)
    y_hat = [float(yi) for yi in y] + [0.0] * len(Gamma)
    return np.array(X_hat), y_hat


def ridge_closed_form(X, y, Sigma_inv):
    Xr, d = _rows(X), len(X[0])
    M = [[float(Sigma_inv[i][j]) for j in range(d)] for i in range(d)]
    for row in Xr:
        for i in range(d):
            for j in range(d):
                M[i][j] += row[i] * row[j]
    rhs = _matTvec(Xr, [float(yi) for yi in y])
    return list(np.linalg.solve(np.array(M), np.array(rhs)))


def ridge_via_augmentation(X, y, Gamma):
    X_hat, y_hat = augment(X, y, Gamma)
    solution, _, _, _ = np.linalg.lstsq(X_hat, np.array(y_hat), rcond=None)
    return [float(s) for s in solution]


def gd_least_squares(F, y, eta, steps, w0):
    Fr, yl = _rows(F), [float(yi) for yi in y]
    w = [float(wi) for wi in w0]
    history = [list(w)]
    for _ in range(steps):
        residual = [fw - yi for fw, yi in zip(_matvec(Fr, w), yl)]
        grad = _matTvec(Fr, residual)
        w = [wi - eta * gi for wi, gi in zip(w, grad)]
        history.append(list(w))
    return np.array(history)


def max_stable_step(F):
    sigma_max = max(np.linalg.svd(np.asarray(F), compute_uv=False))
    return 2.0 / (float(sigma_max) * float(sigma_max))


def elbows(w, b):
    return [-float(bi) / float(wi) for wi, bi in zip(w, b)]


def relu_grads(x, y, w, b):
    pre = w * x + b
    if pre <= 0:
        return 0.0, 0.0
    err = pre - y
    return err * x, err


def relu_sgd_step(x, y, w, b, lr):
    dw, db = relu_grads(x, y, w, b)
    return w - lr * dw, b - lr * db


def _forward(xj, w, b, v):
    pre = [wi * xj + bi for wi, bi in zip(w, b)]
    out = sum(vi * max(p, 0.0) for vi, p in zip(v, pre))
    return pre, out


def _mean_loss(x, y, w, b, v):
    total = 0.0
    for xj, yj in zip(x, y):
        total += 0.5 * (_forward(xj, w, b, v)[1] - yj) ** 2
    return total / len(x)


def train_relu_1d(x, y, w, b, v, lr, epochs):
    x, y = [float(t) for t in x], [float(t) for t in y]
    w, b, v = [float(t) for t in w], [float(t) for t in b], [float(t) for t in v]
    losses = [_mean_loss(x, y, w, b, v)]
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            pre, out = _forward(xj, w, b, v)
            err = out - yj
            new_w, new_b, new_v = [], [], []
            for i in range(len(w)):
                if pre[i] > 0:
                    new_w.append(w[i] - lr * err * v[i] * xj)
                    new_b.append(b[i] - lr * err * v[i])
                    new_v.append(v[i] - lr * err * pre[i])
                else:
                    new_w.append(w[i])
                    new_b.append(b[i])
                    new_v.append(v[i])
            w, b, v = new_w, new_b, new_v
        losses.append(_mean_loss(x, y, w, b, v))
    return w, b, v, losses
