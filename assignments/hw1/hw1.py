"""hw1: deep linear networks and the loss landscape (coding part).

Implement every function below and submit this file as ``hw1.py``. You may import only the
Python standard library, NumPy and PyTorch (CPU).

Conventions (as in the handout):

* Inputs arrive as NumPy float64 arrays. ``Ws = [W_1, ..., W_H]`` is a Python list of layer
  matrices, first layer (nearest the input) first, with W_k of shape (d_k, d_{k-1}).
* X has shape (d_0, m) and Y has shape (d_H, m): columns are samples.
* L(W_1, ..., W_H) = 1/2 ||W_H ... W_1 X - Y||_F^2 (note the 1/2 and the absence of 1/m).
  W_{j:k} = W_k ... W_j, and an empty product is the identity.
* You may return NumPy arrays, PyTorch tensors (with or without grad), Python floats, or
  lists/tuples of those. Shapes must match exactly: a vector of shape (n,) is not (n, 1).
* Do not modify the input arrays. Do not print much: output is truncated.

Check your work on the public cases with ``autograder check hw1``.
"""
import numpy as np


def end_to_end(Ws):
    """The end-to-end matrix W_H ... W_1 of the network.

    Args:
        Ws: list of H >= 1 arrays, W_k of shape (d_k, d_{k-1}), first layer first.

    Returns:
        Array of shape (d_H, d_0). For H = 1 this is W_1 itself.
    """
    raise NotImplementedError


def deep_linear_loss(Ws, X, Y):
    """The loss L = 1/2 ||W_H ... W_1 X - Y||_F^2 (squared Frobenius norm, no 1/m).

    Args:
        Ws: list of layer matrices, W_k of shape (d_k, d_{k-1}).
        X: inputs, shape (d_0, m), one sample per column.
        Y: targets, shape (d_H, m).

    Returns:
        L as a float (or a 0-d array/tensor).
    """
    raise NotImplementedError


def deep_linear_grads(Ws, X, Y):
    """The gradient of L with respect to every layer.

    dL/dW_k = W_{k+1:H}^T (W_{1:H} X - Y) X^T W_{1:k-1}^T, where W_{k+1:H} = W_H ... W_{k+1}
    and W_{1:k-1} = W_{k-1} ... W_1 (identities when empty).

    Args:
        Ws, X, Y: as in deep_linear_loss.

    Returns:
        A list [dL/dW_1, ..., dL/dW_H], the k-th of shape (d_k, d_{k-1}) like W_k.
    """
    raise NotImplementedError


def population_grads(Ws, Sxx, Syx):
    """The gradient of the population loss L = 1/2 E||y - W_{1:H} x||^2 for every layer.

    dL/dW_k = W_{k+1:H}^T (W_{1:H} Sxx - Syx) W_{1:k-1}^T.

    Args:
        Ws: list of layer matrices, W_k of shape (d_k, d_{k-1}).
        Sxx: E[x x^T], shape (d_0, d_0), symmetric positive semi-definite.
        Syx: E[y x^T], shape (d_H, d_0).

    Returns:
        A list [dL/dW_1, ..., dL/dW_H], the k-th of shape (d_k, d_{k-1}).
    """
    raise NotImplementedError


def is_realizable(W0, dims):
    """Whether some network with widths ``dims`` has end-to-end matrix W0.

    That is the case exactly when rank(W0) <= min(dims). Use the numerical rank: the number of
    singular values of W0 above 1e-5 * sigma_max (the rank of W0 = 0 is 0).

    Args:
        W0: array of shape (d_H, d_0).
        dims: list of ints [d_0, d_1, ..., d_H], the widths of the layers.

    Returns:
        A bool (Python bool, NumPy bool or 0-d boolean tensor).
    """
    raise NotImplementedError


def train_deep_linear(Ws0, X, Y, lr, steps):
    """Full-batch gradient descent on L.

    Each step updates every layer from the same pre-step values:
    W_k <- W_k - lr * dL/dW_k(W_1, ..., W_H) for all k at once.

    Args:
        Ws0: list of initial layer matrices (do not modify them).
        X, Y: as in deep_linear_loss.
        lr: the step size, a float.
        steps: the number of steps, an int >= 0.

    Returns:
        A tuple (Ws, losses): Ws the list of layer matrices after ``steps`` steps (shapes as
        Ws0); losses of shape (steps + 1,), losses[t] = L at iterate t (losses[0] at Ws0).
    """
    raise NotImplementedError


def loss_hessian(Ws, X, Y):
    """The Hessian of L with respect to all parameters.

    Parameters are ordered as vec(W_1, ..., W_H): each layer flattened in row-major (C) order,
    first layer first, so W_k[a, b] comes at offset (d_1 d_0 + ... + d_{k-1} d_{k-2}) + a d_{k-1} + b.

    Args:
        Ws, X, Y: as in deep_linear_loss.

    Returns:
        Array of shape (P, P), P = sum_k d_k d_{k-1}, symmetric.
    """
    raise NotImplementedError


def parity_labels(Xb, v):
    """The parity (-1)^(x^T v) of every row x of Xb.

    Args:
        Xb: array of shape (n, d) with entries 0 or 1 (as floats).
        v: array of shape (d,) with entries 0 or 1.

    Returns:
        Array of shape (n,) with entries +1 or -1.
    """
    raise NotImplementedError


def parity_gradients(W, c, a, d):
    """Gradients of the parity losses of the model f(x) = a^T tanh(W x + c), one per parity.

    For v in {0,1}^d, R_v(p) = E_x 1/2 (f(x) - (-1)^{v^T x})^2, the expectation taken exactly
    over all 2^d points x of {0,1}^d (uniformly). p = vec(W, c, a): W flattened row-major, then
    c, then a, so P = h d + 2 h.

    Args:
        W: array of shape (h, d); c, a: arrays of shape (h,); d: the input dimension, an int.

    Returns:
        G of shape (2^d, P): row i is the gradient of R_{v_i} at p, where v_i holds the bits of
        i: (v_i)_j = (i >> j) & 1 (so row 0 is v = 0, row 1 is v = e_1, ...).
    """
    raise NotImplementedError


def gradient_variance(G):
    """The variance of the rows of G: mean over rows v of ||G_v - mean_v G||^2.

    Args:
        G: array of shape (N, P).

    Returns:
        A float; the mean divides by N (the number of rows), not N - 1.
    """
    raise NotImplementedError


def sigmoid_layer_grad_norms(Ws, x, y):
    """Frobenius norms of the per-layer gradients of a sigmoid network on one sample.

    f(x) = W_L s(W_{L-1} ... s(W_1 x)) with the logistic s(z) = 1 / (1 + e^{-z}) after every
    layer but the last, no biases, and loss l = 1/2 ||f(x) - y||^2.

    Args:
        Ws: list of L >= 1 arrays, W_l of shape (d_l, d_{l-1}).
        x: array of shape (d_0,); y: array of shape (d_L,).

    Returns:
        Array of shape (L,): ||dl/dW_l||_F, first layer first.
    """
    raise NotImplementedError
