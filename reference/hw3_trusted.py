"""hw3: float64 torch autograd, which the graders compare gradients with. Never shipped to
students: each is a complete solution of a graded function."""
import numpy as np


def _leaf(a):
    import torch

    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def autograd_lnn_grads(Ws, X, y):
    import torch

    layers = [_leaf(W) for W in Ws]
    product = layers[0]
    for W in layers[1:]:
        product = W @ product
    residual = (torch.tensor(X) @ product.T)[:, 0] - torch.tensor(y)
    loss = 0.5 * (residual**2).mean()
    return [g.numpy() for g in torch.autograd.grad(loss, layers)]


def autograd_sym_factor_grad(U, G):
    import torch

    Ut = _leaf(U)
    (gradient,) = torch.autograd.grad((torch.tensor(G) * (Ut @ Ut.T)).sum(), Ut)
    return gradient.numpy()
