"""A correct hw0 in NumPy, computing everything in float32.

Inputs are cast to float32 first; outputs are float32 arrays and NumPy float32
scalars.
"""

import numpy as np

f32 = np.float32


def _a(a):
    return np.asarray(a, dtype=f32)


def grad_inner(x, c):
    return _a(c).copy()


def grad_sqnorm(x):
    return f32(2) * _a(x)


def jacobian_linear(A, x):
    return _a(A).copy()


def grad_quadratic(A, x):
    A, x = _a(A), _a(x)
    return A @ x + A.T @ x


def augment(X, y, Gamma):
    X, y, Gamma = _a(X), _a(y), _a(Gamma)
    X_hat = np.concatenate((X, Gamma), axis=0)
    y_hat = np.concatenate((y, np.zeros(Gamma.shape[1], dtype=f32)))
    return X_hat, y_hat


def ridge_closed_form(X, y, Sigma_inv):
    X = _a(X)
    return np.linalg.solve(X.T @ X + _a(Sigma_inv), X.T @ _a(y))


def ridge_via_augmentation(X, y, Gamma):
    X_hat, y_hat = augment(X, y, Gamma)
    return np.linalg.lstsq(X_hat, y_hat, rcond=None)[0]


def gd_least_squares(F, y, eta, steps, w0):
    F, y, eta = _a(F), _a(y), f32(eta)
    W = np.zeros((steps + 1, F.shape[1]), dtype=f32)
    W[0] = _a(w0)
    for t in range(steps):
        W[t + 1] = W[t] - eta * (F.T @ (F @ W[t] - y))
    return W


def max_stable_step(F):
    s = np.linalg.svd(_a(F), compute_uv=False)
    return f32(2) / (s[0] * s[0])


def elbows(w, b):
    return np.negative(_a(b)) / _a(w)


def relu_grads(x, y, w, b):
    x, y, w, b = f32(x), f32(y), f32(w), f32(b)
    z = w * x + b
    on = f32(z > 0)
    r = (np.maximum(z, f32(0)) - y) * on
    return r * x, r


def relu_sgd_step(x, y, w, b, lr):
    dw, db = relu_grads(x, y, w, b)
    return f32(w) - f32(lr) * dw, f32(b) - f32(lr) * db


def _net(xs, w, b, v):
    return np.maximum(xs[:, None] * w[None, :] + b[None, :], f32(0)) @ v


def train_relu_1d(x, y, w, b, v, lr, epochs):
    x, y, lr = _a(x), _a(y), f32(lr)
    w, b, v = _a(w).copy(), _a(b).copy(), _a(v).copy()
    losses = np.zeros(epochs + 1, dtype=f32)
    losses[0] = np.mean(f32(0.5) * (_net(x, w, b, v) - y) ** 2)
    for e in range(1, epochs + 1):
        for j in range(x.shape[0]):
            z = w * x[j] + b
            h = np.maximum(z, f32(0))
            r = h @ v - y[j]
            gv = r * h
            gz = r * v * (z > 0)
            w, b, v = w - lr * gz * x[j], b - lr * gz, v - lr * gv
        losses[e] = np.mean(f32(0.5) * (_net(x, w, b, v) - y) ** 2)
    return w, b, v, losses
