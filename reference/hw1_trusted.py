"""hw1: float64 torch autograd of the losses, which the graders compare gradients with. Never
shipped to students: each is a complete solution of a graded function."""
import numpy as np


def _torch_layers(Ws):
    import torch

    return [torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in Ws]


def _product(layers):
    product = layers[0]
    for W in layers[1:]:
        product = W @ product
    return product


def _grads(loss, layers):
    loss.backward()
    return [W.grad.numpy() for W in layers]


def autograd_grads(Ws, X, Y):
    import torch

    layers = _torch_layers(Ws)
    residual = _product(layers) @ torch.tensor(X) - torch.tensor(Y)
    return _grads(0.5 * (residual**2).sum(), layers)


def autograd_population_grads(Ws, Sxx, Syx):
    import torch

    layers = _torch_layers(Ws)
    P = _product(layers)
    return _grads(0.5 * torch.trace(P @ torch.tensor(Sxx) @ P.T) - torch.trace(P @ torch.tensor(Syx).T), layers)


def autograd_sigmoid_norms(Ws, x, y):
    import torch

    layers = _torch_layers(Ws)
    h = torch.tensor(x)
    for W in layers[:-1]:
        h = torch.sigmoid(W @ h)
    _grads(0.5 * ((layers[-1] @ h - torch.tensor(y)) ** 2).sum(), layers)
    return np.array([float(W.grad.norm()) for W in layers])
