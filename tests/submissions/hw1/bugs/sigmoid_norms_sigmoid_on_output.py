# Bug: applies the sigmoid after the last layer too, f(x) = s(W_L ...); fails sigmoid_layer_grad_norms against autograd.
import numpy as np


def sigmoid_layer_grad_norms(Ws, x, y):
    activations = [x]
    for W in Ws:
        activations.append(_sigmoid(W @ activations[-1]))
    out = activations[-1]
    delta = (out - y) * out * (1.0 - out)
    norms = []
    for layer in range(len(Ws) - 1, -1, -1):
        norms.append(np.linalg.norm(np.outer(delta, activations[layer])))
        if layer:
            h = activations[layer]
            delta = (Ws[layer].T @ delta) * h * (1.0 - h)
    return np.array(norms[::-1])
