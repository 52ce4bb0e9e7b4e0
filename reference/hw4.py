"""Reference solution for hw4: ultra-wide networks and the kernel regime.

Float64 NumPy throughout. Inputs are never modified. No function calls another graded
function (only private helpers), so that a test's bug patch of one function breaks only that
one. Conventions (from COURSE.md): X is (n, d) with rows as samples, y is (n,), the network is
f(x) = (1/sqrt(m)) sum_r a_r ReLU(w_r^T x) with W of shape (m, d) (rows w_r) trained and a of
shape (m,) fixed, L(W) = 1/2 ||u - y||^2 (a sum), and ReLU'(0) = 0.
"""

import numpy as np


def _active(X, W):
    """1[w_r^T x_i > 0] as floats, shape (n, m)."""
    return (np.asarray(X, dtype=np.float64) @ np.asarray(W, dtype=np.float64).T > 0).astype(np.float64)


def _predictions(X, W, a):
    Z = np.asarray(X, dtype=np.float64) @ np.asarray(W, dtype=np.float64).T
    return np.maximum(Z, 0.0) @ a / np.sqrt(W.shape[0])


def _predictions_and_gradient(X, y, W, a):
    """(u, dL/dW): row r of dL/dW is (a_r / sqrt(m)) sum_i (u_i - y_i) 1[w_r^T x_i > 0] x_i."""
    Z = np.asarray(X, dtype=np.float64) @ np.asarray(W, dtype=np.float64).T
    scale = a / np.sqrt(W.shape[0])
    u = np.maximum(Z, 0.0) @ scale
    return u, ((Z > 0) * (u - y)[:, None]).T @ X * scale[:, None]


def _kernel(X, W, a):
    A = _active(X, W)
    return (A * a**2) @ A.T / W.shape[0] * (X @ X.T)


def _sym(H):
    H = np.asarray(H, dtype=np.float64)
    return (H + H.T) / 2


# --------------------------------------------------------------------------- the network


def wide_forward(X, W, a):
    """u_i = (1/sqrt(m)) sum_r a_r ReLU(w_r^T x_i), shape (n,)."""
    return _predictions(X, W, a)


def wide_grad(X, y, W, a):
    """dL/dW for L = 1/2 ||u - y||^2, shape (m, d)."""
    return _predictions_and_gradient(X, y, W, a)[1]


def empirical_ntk(X, W, a):
    """H_ij = (1/m) sum_r a_r^2 1[w_r^T x_i > 0] 1[w_r^T x_j > 0] x_i^T x_j, shape (n, n)."""
    return _kernel(X, W, a)


def train_wide(X, y, W0, a, lr, steps):
    """(W, U, losses) of full-batch GD on W from W0 (a fixed); U[t], losses[t] at W_t."""
    W = np.array(W0, dtype=np.float64)
    U = np.empty((steps + 1, X.shape[0]))
    for t in range(steps):
        U[t], gradient = _predictions_and_gradient(X, y, W, a)
        W = W - lr * gradient
    U[steps] = _predictions(X, W, a)
    return W, U, 0.5 * np.sum((U - y) ** 2, axis=1)


# --------------------------------------------------------------------------- a fixed kernel


def kernel_gd(H, u0, y, lr, steps):
    """u_{t+1} = u_t - lr H (u_t - y) from u0, shape (steps+1, n)."""
    H = np.asarray(H, dtype=np.float64)
    out = np.empty((steps + 1, len(u0)))
    out[0] = u0
    for t in range(steps):
        out[t + 1] = out[t] - lr * H @ (out[t] - y)
    return out


def kernel_flow(H, u0, y, ts):
    """u(t) = y + exp(-t H)(u0 - y) at each t in ts, by eigendecomposition; shape (len(ts), n)."""
    lam, Q = np.linalg.eigh(_sym(H))
    coefficients = Q.T @ (np.asarray(u0, dtype=np.float64) - y)
    decay = np.exp(-np.outer(np.asarray(ts, dtype=np.float64), lam))   # (len(ts), n)
    return y + (decay * coefficients) @ Q.T


def flow_loss_bound(H, u0, y, ts):
    """||u0 - y||^2 exp(-2 lambda_min(H) t) at each t in ts, shape (len(ts),)."""
    lam_min = np.linalg.eigvalsh(_sym(H))[0]
    r0 = np.asarray(u0, dtype=np.float64) - y
    return float(r0 @ r0) * np.exp(-2.0 * lam_min * np.asarray(ts, dtype=np.float64))


# --------------------------------------------------------------------------- how far training moves


def ntk_drift(X, W0, W, a):
    """||H(W) - H(W0)||_2, the spectral norm of the kernel's change, a float."""
    return float(np.linalg.norm(_kernel(X, W, a) - _kernel(X, W0, a), 2))


def pattern_changes(X, W0, W):
    """The fraction of the n*m pairs (i, r) whose activation 1[w_r^T x_i > 0] differs, a float."""
    return float(np.mean(_active(X, W0) != _active(X, W)))
