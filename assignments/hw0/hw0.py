"""hw0: Foundations -- starter file.

Implement the thirteen functions below and submit this file, named ``hw0.py``.
The assignment covers vector calculus, ridge regression as data augmentation,
gradient descent on an ill-conditioned least-squares problem, and how SGD moves
the elbow of a ReLU unit.

Rules (the same for every assignment):

* You may import only the Python standard library, NumPy and PyTorch (CPU).
  A file that imports anything else scores 0 on the tests that need it.
* Inputs arrive as NumPy float64 arrays; scalars (x, y, w, b, eta, lr, ...) as
  Python floats and counts (steps, epochs) as Python ints.
* A vector has shape (n,), never (n, 1). Shapes of return values must match
  exactly; the shape of every return value is stated in its docstring.
* You may return NumPy arrays, PyTorch tensors (any dtype, with or without
  grad), Python floats, or lists/tuples of those. float32 is accurate enough.
* Do not modify the input arrays (copy before any in-place update).
* Functions are deterministic: all randomness (data, initial weights) is given.
* Conventions: the factors of 1/2 are exactly as written below, and
  ReLU'(0) = 0: a unit is active only when its pre-activation is strictly > 0.

Notation: X and F have shape (n, d) with rows as samples, y has shape (n,),
Gamma and Sigma_inv have shape (d, d) (Gamma invertible, Sigma_inv positive
definite), so every solution asked for below is unique.

Replace each ``raise NotImplementedError`` with your implementation.
"""

import numpy as np  # noqa: F401  (you may also import torch)


# ---------------------------------------------------------------------------
# Part 1: vector calculus
# ---------------------------------------------------------------------------

def grad_inner(x, c):
    """Gradient of the linear function x -> x^T c with respect to x.

    Args:
        x: array of shape (n,), the point.
        c: array of shape (n,), the fixed vector.

    Returns:
        The gradient, shape (n,).
    """
    raise NotImplementedError


def grad_sqnorm(x):
    """Gradient of x -> ||x||_2^2 (the squared Euclidean norm, no factor 1/2).

    Args:
        x: array of shape (n,).

    Returns:
        The gradient at x, shape (n,).
    """
    raise NotImplementedError


def jacobian_linear(A, x):
    """Jacobian of the map x -> A x, evaluated at x.

    Entry (i, j) of the Jacobian is d(Ax)_i / dx_j.

    Args:
        A: array of shape (m, n) (m may differ from n).
        x: array of shape (n,).

    Returns:
        The Jacobian, shape (m, n).
    """
    raise NotImplementedError


def grad_quadratic(A, x):
    """Gradient of the quadratic form x -> x^T A x with respect to x.

    A is any square matrix: it is NOT necessarily symmetric, and the answer
    must be correct for non-symmetric A.

    Args:
        A: array of shape (n, n).
        x: array of shape (n,).

    Returns:
        The gradient at x, shape (n,).
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Part 2: ridge regression as data augmentation
# ---------------------------------------------------------------------------

def augment(X, y, Gamma):
    """Augmented least-squares data for ridge regression.

    X_hat stacks Gamma BELOW X (the first n rows are X, the last d rows are
    Gamma); y_hat appends d zeros after y.

    Args:
        X: array of shape (n, d), rows are samples.
        y: array of shape (n,).
        Gamma: array of shape (d, d).

    Returns:
        A tuple (X_hat, y_hat) with X_hat = [X; Gamma] of shape (n + d, d)
        and y_hat = [y; 0_d] of shape (n + d,) (a vector, not (n + d, 1)).
    """
    raise NotImplementedError


def ridge_closed_form(X, y, Sigma_inv):
    """Ridge-regression solution in closed form.

    Args:
        X: array of shape (n, d), rows are samples.
        y: array of shape (n,).
        Sigma_inv: array of shape (d, d), symmetric positive definite (it is
            the regularizer itself, already inverted: do not invert it).

    Returns:
        w = (X^T X + Sigma_inv)^{-1} X^T y, shape (d,). Solving the linear
        system is preferable to forming the inverse.
    """
    raise NotImplementedError


def ridge_via_augmentation(X, y, Gamma):
    """Ridge regression by ordinary least squares on augmented data.

    Build (X_hat, y_hat) as in `augment` and return the least-squares
    solution w minimizing ||X_hat w - y_hat||_2^2 (solve it as a
    least-squares problem, e.g. with a least-squares solver). It equals
    `ridge_closed_form(X, y, Gamma.T @ Gamma)`.

    Args:
        X: array of shape (n, d), rows are samples.
        y: array of shape (n,).
        Gamma: array of shape (d, d), invertible, not necessarily symmetric.

    Returns:
        w, shape (d,).
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Part 3: gradient descent on least squares
# ---------------------------------------------------------------------------

def gd_least_squares(F, y, eta, steps, w0):
    """Gradient-descent iterates on the least-squares loss 1/2 ||F w - y||^2.

    The update is w_{t+1} = w_t - eta * F^T (F w_t - y) (no 1/n factor).

    Args:
        F: array of shape (n, d), rows are samples.
        y: array of shape (n,).
        eta: float, the step size.
        steps: int >= 0, the number of updates.
        w0: array of shape (d,), the starting point (do not modify it).

    Returns:
        Array of shape (steps + 1, d): row t is w_t, so row 0 is w0 itself
        and the last row is the iterate after `steps` updates.
    """
    raise NotImplementedError


def max_stable_step(F):
    """The largest step size for which GD on 1/2 ||F w - y||^2 is stable.

    This is the largest eta with ||I - eta F^T F||_2 <= 1 (spectral norm),
    namely 2 / sigma_max(F)^2, where sigma_max(F) is the largest singular
    value of F.

    Args:
        F: array of shape (n, d), not zero.

    Returns:
        2 / sigma_max(F)^2, a float (or 0-d array/tensor).
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------
# Part 4: ReLU units in one dimension
# ---------------------------------------------------------------------------

def elbows(w, b):
    """Elbow (kink) locations of the units x -> ReLU(w_i x + b_i).

    The elbow of unit i is the point x where w_i x + b_i = 0.

    Args:
        w: array of shape (k,), all entries nonzero.
        b: array of shape (k,).

    Returns:
        Array of shape (k,) whose entry i is -b_i / w_i.
    """
    raise NotImplementedError


def relu_grads(x, y, w, b):
    """Gradients of L = 1/2 (ReLU(w x + b) - y)^2 with respect to w and b.

    All of x, y, w, b are scalars. ReLU'(0) = 0: when w x + b <= 0 the unit is
    inactive and both gradients are exactly 0.

    Args:
        x: float, the input.
        y: float, the target.
        w: float, the weight.
        b: float, the bias.

    Returns:
        A tuple (dL_dw, dL_db) of two scalars (floats or 0-d arrays/tensors).
    """
    raise NotImplementedError


def relu_sgd_step(x, y, w, b, lr):
    """One SGD step on L = 1/2 (ReLU(w x + b) - y)^2 (the loss of `relu_grads`).

    Both parameters are updated from the same pre-step values:
    w_new = w - lr * dL/dw and b_new = b - lr * dL/db.

    Args:
        x, y, w, b: floats, as in `relu_grads`.
        lr: float, the step size.

    Returns:
        A tuple (w_new, b_new) of two scalars.
    """
    raise NotImplementedError


def train_relu_1d(x, y, w, b, v, lr, epochs):
    """SGD on a one-hidden-layer ReLU network with scalar input and output.

    The model is f(x) = sum_i v_i ReLU(w_i x + b_i) (k hidden units, no output
    bias) and the per-sample loss is l_j = 1/2 (f(x_j) - y_j)^2.

    Each epoch visits the samples in order j = 0, 1, ..., n-1 and, for each,
    takes one SGD step of size lr on l_j with respect to (w, b, v): all three
    gradients are computed at the pre-step parameters, then all three vectors
    are updated. An epoch is therefore n steps. ReLU'(0) = 0.

    Args:
        x: array of shape (n,), the inputs.
        y: array of shape (n,), the targets.
        w, b, v: arrays of shape (k,), the initial parameters (do not modify
            them).
        lr: float, the step size.
        epochs: int >= 0, the number of passes over the data.

    Returns:
        A tuple (w, b, v, losses): the parameters after `epochs` epochs, each
        of shape (k,), and `losses` of shape (epochs + 1,), where losses[e] is
        the mean over all n samples of 1/2 (f(x_j) - y_j)^2 evaluated with the
        parameters after e epochs (losses[0] uses the initial parameters). It
        is a fresh evaluation after each epoch, not a running average of the
        losses seen during the epoch.
    """
    raise NotImplementedError
