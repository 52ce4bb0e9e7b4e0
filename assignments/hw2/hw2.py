"""hw2: Gradient flow, implicit bias and the geometry of ReLU networks (coding part).

Implement the thirteen functions below and submit this file as `hw2.py`. You may import only
the Python standard library, NumPy and PyTorch (CPU); importing anything else makes the tests
that need it score 0.

Conventions (the autograder follows them to the letter):

- Inputs arrive as NumPy float64 arrays (Python ints/floats for scalars). Do not modify them.
- You may return NumPy arrays, PyTorch tensors (with or without grad), Python floats/ints/bools,
  or lists/tuples of those. Shapes must match exactly: a scalar is a float or a 0-d
  array/tensor, and a vector of shape (n,) is not one of shape (n, 1). float32 is accurate
  enough everywhere.
- Least squares: X has shape (d, n) (columns are samples, n <= d, full column rank), y has
  shape (n,), w has shape (d,), and L(w) = (1/(2n)) ||X^T w - y||^2.
- ReLU networks: x_0 = x, x_h = ReLU(W_h x_{h-1} + b_h) for h = 1..H, f(x) = w_out^T x_H.
  `Ws` and `bs` are lists holding the H hidden layers only, first layer (nearest the input)
  first: W_h has shape (m_h, m_{h-1}) with m_0 = d, b_h has shape (m_h,); `w_out` has shape
  (m_H,). A unit is active only when its pre-activation W_h x_{h-1} + b_h is strictly > 0, and
  ReLU'(0) = 0.
"""

import numpy as np
import torch


def ls_loss(w, X, y):
    """Least-squares loss L(w) = (1/(2n)) ||X^T w - y||^2.

    Args: w shape (d,); X shape (d, n), columns are samples; y shape (n,).
    Returns: L(w), a float (or 0-d array/tensor).
    """
    raise NotImplementedError


def ls_grad(w, X, y):
    """Gradient of L: (1/n) X (X^T w - y).

    Args: w shape (d,); X shape (d, n); y shape (n,).
    Returns: shape (d,).
    """
    raise NotImplementedError


def gd_iterates(X, y, lr, steps, w0):
    """Gradient descent on L: w_{k+1} = w_k - lr * grad L(w_k), starting from w0.

    Args: X shape (d, n); y shape (n,); lr a float; steps an int >= 0; w0 shape (d,).
    Returns: shape (steps+1, d); row k is w_k, so row 0 is w0 and the last row is w_steps.
    """
    raise NotImplementedError


def gradient_flow(X, y, ts, w0):
    """Exact solution of the gradient flow dw/dt = -grad L(w), w(0) = w0.

    Solve the linear ODE in closed form (for example with the eigendecomposition of
    (1/n) X X^T); do not integrate numerically. Components of w0 in the null space of
    X^T never move.

    Args: X shape (d, n); y shape (n,); ts a 1-D array of times >= 0, in any order, possibly
        including 0 (where the answer is w0 exactly); w0 shape (d,).
    Returns: shape (len(ts), d); row i is w(ts[i]).
    """
    raise NotImplementedError


def min_norm_solution(X, y):
    """The minimum-Euclidean-norm w with X^T w = y.

    Args: X shape (d, n), full column rank, n <= d; y shape (n,).
    Returns: shape (d,).
    """
    raise NotImplementedError


def span_residual(w, X):
    """Distance from w to the column span of X: ||w - P_X w||_2.

    P_X is the orthogonal projection onto the span of the columns of X.
    Args: w shape (d,); X shape (d, n), full column rank.
    Returns: a float (0 when w lies in the span).
    """
    raise NotImplementedError


def ntk_gram_linear(X):
    """NTK Gram matrix of the linear model f(x) = w^T x: H = X^T X.

    Args: X shape (d, n), columns are samples.
    Returns: shape (n, n).
    """
    raise NotImplementedError


def ntk_gram_relu(X, W, a):
    """Empirical NTK Gram matrix with respect to W of f(x) = (1/sqrt(m)) sum_r a_r ReLU(w_r^T x).

    H_ij = <df(x_i)/dW, df(x_j)/dW>
         = (1/m) sum_r a_r^2 1[w_r^T x_i > 0] 1[w_r^T x_j > 0] x_i^T x_j.

    Args: X shape (d, n), columns x_i; W shape (m, d), rows w_r; a shape (m,), any real values
        (a is not trained; only W is differentiated). m may be large (20,000): vectorise.
    Returns: shape (n, n), symmetric positive semidefinite.
    """
    raise NotImplementedError


def ntk_gram_infinite(X):
    """Infinite-width limit of ntk_gram_relu for w_r ~ N(0, I) and a_r = +-1.

    H_ij = x_i^T x_j (pi - arccos(u_ij)) / (2 pi), u_ij = x_i^T x_j / (||x_i|| ||x_j||),
    with u_ij clipped to [-1, 1] before arccos (rounding can push it just outside).

    Args: X shape (d, n), nonzero columns.
    Returns: shape (n, n).
    """
    raise NotImplementedError


def activation_pattern(x, Ws, bs):
    """Which hidden units are active at input x.

    Args: x shape (d,); Ws, bs lists of the H hidden layers (W_h shape (m_h, m_{h-1}),
        b_h shape (m_h,)), first layer first.
    Returns: a list of H boolean arrays (dtype bool), the h-th of shape (m_h,), True where the
        pre-activation W_h x_{h-1} + b_h is strictly > 0.
    """
    raise NotImplementedError


def local_linear_map(x, Ws, bs, w_out):
    """The affine map the network computes on the activation region of x.

    Returns (a, c) such that f(z) = a^T z + c for every z with the same activation pattern as x
    (in particular f(x) = a^T x + c).
    Args: x shape (d,); Ws, bs as in activation_pattern; w_out shape (m_H,).
    Returns: a tuple (a, c): a shape (d,), c a float.
    """
    raise NotImplementedError


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    """Number of activation regions the segment from x0 to x1 passes through.

    An activation region is a set of inputs where activation_pattern is constant; count the
    regions that the segment {x0 + t (x1 - x0) : 0 <= t <= 1} meets along an interval of
    positive length. Every hidden layer counts (a deeper unit changing sign starts a new
    piece); w_out does not change the count. If x0 equals x1 the answer is 1.
    Graded cases keep every crossing more than 1e-6 (in t) away from t = 0, t = 1 and from
    every other crossing.

    Args: x0, x1 shape (d,); Ws, bs as in activation_pattern; w_out shape (m_H,).
    Returns: an int >= 1.
    """
    raise NotImplementedError


def param_grads_homogeneous(Ws, x):
    """Gradients of a bias-free ReLU network with scalar output with respect to its weights.

    f(x) = W_L ReLU(W_{L-1} ... ReLU(W_1 x)), with W_l of shape (m_l, m_{l-1}), m_0 = d and
    m_L = 1 (the last matrix has one row); L = len(Ws) >= 1 (L = 1 is the linear f = W_1 x).
    Args: Ws list of the L matrices, first layer first; x shape (d,).
    Returns: a list of L arrays, the l-th is df/dW_l with the same shape as Ws[l] (the last
        one has shape (1, m_{L-1})).
    """
    raise NotImplementedError
