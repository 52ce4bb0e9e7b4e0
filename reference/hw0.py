"""Reference solution for hw0 (Foundations), float64 NumPy.

Vector calculus, ridge regression as data augmentation, gradient descent on a
least-squares problem, and SGD on a one-dimensional ReLU model. Every function
follows the contract in COURSE.md exactly and never modifies its inputs.
No public function calls another one (shared work goes through private
helpers), so a test patch that redefines one function changes only that one.
"""

import numpy as np


def _vec(a):
    """Return a float64 copy of ``a`` (never a view of the caller's array)."""
    return np.array(a, dtype=np.float64, copy=True)


# ----------------------------------------------------------------------------
# Vector calculus
# ----------------------------------------------------------------------------

def grad_inner(x, c):
    """Gradient of x -> x^T c: the vector c, shape (n,)."""
    return _vec(c)


def grad_sqnorm(x):
    """Gradient of x -> ||x||_2^2: 2x, shape (n,)."""
    return 2.0 * _vec(x)


def jacobian_linear(A, x):
    """Jacobian of x -> Ax: the matrix A itself, shape (m, n)."""
    return _vec(A)


def grad_quadratic(A, x):
    """Gradient of x -> x^T A x for any square A: (A + A^T) x, shape (n,)."""
    A = _vec(A)
    return (A + A.T) @ _vec(x)


# ----------------------------------------------------------------------------
# Ridge regression as data augmentation
# ----------------------------------------------------------------------------

def _augmented(X, y, Gamma):
    """Float64 copies of [X; Gamma] and [y; 0_d]."""
    X, y, Gamma = _vec(X), _vec(y), _vec(Gamma)
    return np.vstack([X, Gamma]), np.concatenate([y, np.zeros(X.shape[1])])


def augment(X, y, Gamma):
    """Return (X_hat, y_hat) = ([X; Gamma], [y; 0_d]), shapes (n+d, d) and (n+d,)."""
    return _augmented(X, y, Gamma)


def ridge_closed_form(X, y, Sigma_inv):
    """Ridge solution (X^T X + Sigma_inv)^{-1} X^T y, shape (d,)."""
    X, y, Sigma_inv = _vec(X), _vec(y), _vec(Sigma_inv)
    return np.linalg.solve(X.T @ X + Sigma_inv, X.T @ y)


def ridge_via_augmentation(X, y, Gamma):
    """Least-squares solution of X_hat w ~ y_hat from `augment`, shape (d,)."""
    X_hat, y_hat = _augmented(X, y, Gamma)
    w, *_ = np.linalg.lstsq(X_hat, y_hat, rcond=None)
    return w


# ----------------------------------------------------------------------------
# Gradient descent on least squares
# ----------------------------------------------------------------------------

def gd_least_squares(F, y, eta, steps, w0):
    """GD iterates w_{t+1} = w_t - eta F^T (F w_t - y); shape (steps+1, d), row 0 = w0."""
    F, y = _vec(F), _vec(y)
    iterates = np.empty((int(steps) + 1, F.shape[1]))
    iterates[0] = _vec(w0)
    for t in range(int(steps)):
        w = iterates[t]
        iterates[t + 1] = w - eta * (F.T @ (F @ w - y))
    return iterates


def max_stable_step(F):
    """Largest eta with ||I - eta F^T F||_2 <= 1, i.e. 2 / sigma_max(F)^2, a float."""
    sigma_max = np.linalg.norm(_vec(F), ord=2)
    return float(2.0 / sigma_max**2)


# ----------------------------------------------------------------------------
# ReLU units in one dimension
# ----------------------------------------------------------------------------

def elbows(w, b):
    """Elbow locations -b_i / w_i of the units ReLU(w_i x + b_i), shape (k,)."""
    return -_vec(b) / _vec(w)


def _relu_unit_grads(x, y, w, b):
    """Gradients of 1/2 (ReLU(w x + b) - y)^2 in w and b, as floats."""
    x, y, w, b = float(x), float(y), float(w), float(b)
    z = w * x + b
    if z > 0.0:                      # active only when strictly positive
        residual = z - y
        return residual * x, residual
    return 0.0, 0.0


def relu_grads(x, y, w, b):
    """(dL/dw, dL/db) as floats for L = 1/2 (ReLU(w x + b) - y)^2; ReLU'(0) = 0."""
    return _relu_unit_grads(x, y, w, b)


def relu_sgd_step(x, y, w, b, lr):
    """(w_new, b_new) as floats after one SGD step of size lr on that L."""
    dw, db = _relu_unit_grads(x, y, w, b)
    return float(w) - float(lr) * dw, float(b) - float(lr) * db


def _relu_net_losses(x, y, w, b, v):
    """Per-sample losses 1/2 (f(x_j) - y_j)^2 of f(x) = sum_i v_i ReLU(w_i x + b_i)."""
    hidden = np.maximum(np.outer(x, w) + b, 0.0)    # (n, k)
    return 0.5 * (hidden @ v - y) ** 2


def train_relu_1d(x, y, w, b, v, lr, epochs):
    """SGD on f(x) = sum_i v_i ReLU(w_i x + b_i), samples in order 0..n-1 each epoch.

    Returns (w, b, v, losses): final parameters, each shape (k,), and losses of
    shape (epochs+1,), losses[e] = mean per-sample loss after e epochs.
    """
    x, y = _vec(x), _vec(y)
    w, b, v = _vec(w), _vec(b), _vec(v)
    losses = np.empty(int(epochs) + 1)
    losses[0] = _relu_net_losses(x, y, w, b, v).mean()
    for e in range(int(epochs)):
        for xj, yj in zip(x, y):
            z = w * xj + b
            active = z > 0.0
            hidden = np.where(active, z, 0.0)
            residual = hidden @ v - yj
            grad_v = residual * hidden
            grad_b = residual * v * active
            grad_w = grad_b * xj
            w, b, v = w - lr * grad_w, b - lr * grad_b, v - lr * grad_v
        losses[e + 1] = _relu_net_losses(x, y, w, b, v).mean()
    return w, b, v, losses
