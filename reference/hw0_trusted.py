"""hw0: trusted computations the graders compare with besides the reference (float64 torch
autograd, and the ridge closed form with Sigma_inv = Gamma^T Gamma). Never shipped to students:
each is a complete solution of a graded function."""
import numpy as np


def _leaf(a):
    import torch

    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def _grad(value, leaf) -> np.ndarray:
    import torch

    (gradient,) = torch.autograd.grad(value, leaf)
    return gradient.numpy()


def autograd_grad_inner(x, c):
    import torch

    xt = _leaf(x)
    return _grad(xt @ torch.tensor(c), xt)


def autograd_grad_sqnorm(x):
    xt = _leaf(x)
    return _grad((xt * xt).sum(), xt)


def autograd_jacobian_linear(A, x):
    import torch

    At = torch.tensor(A)
    return torch.autograd.functional.jacobian(lambda z: At @ z, torch.tensor(x)).numpy()


def autograd_grad_quadratic(A, x):
    import torch

    xt = _leaf(x)
    return _grad(xt @ torch.tensor(A) @ xt, xt)


def autograd_relu_grads(x, y, w, b):
    import torch

    wt, bt = _leaf(w), _leaf(b)
    loss = 0.5 * (torch.relu(wt * x + bt) - y) ** 2  # torch.relu has derivative 0 at 0
    dw, db = torch.autograd.grad(loss, (wt, bt))
    return float(dw), float(db)


def ridge_closed_form_with_gamma(X, y, Gamma):
    """(X^T X + Sigma_inv)^{-1} X^T y with Sigma_inv = Gamma^T Gamma: what augmentation must give."""
    return np.linalg.solve(X.T @ X + Gamma.T @ Gamma, X.T @ y)
