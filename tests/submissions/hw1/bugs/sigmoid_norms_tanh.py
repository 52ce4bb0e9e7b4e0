# Bug: uses tanh (and its derivative) as the activation instead of the logistic sigmoid; fails sigmoid_layer_grad_norms against autograd (L >= 2).
import numpy as np


def sigmoid_layer_grad_norms(Ws, x, y):
    activations = [x]
    for W in Ws[:-1]:
        activations.append(np.tanh(W @ activations[-1]))
    delta = Ws[-1] @ activations[-1] - y
    norms = []
    for layer in range(len(Ws) - 1, -1, -1):
        norms.append(np.linalg.norm(np.outer(delta, activations[layer])))
        if layer:
            h = activations[layer]
            delta = (Ws[layer].T @ delta) * (1.0 - h**2)
    return np.array(norms[::-1])
