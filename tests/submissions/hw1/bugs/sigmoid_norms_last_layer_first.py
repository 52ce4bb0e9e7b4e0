# Bug: returns the norms in backpropagation order, last layer first; fails sigmoid_layer_grad_norms against autograd (L >= 2).
import numpy as np


def sigmoid_layer_grad_norms(Ws, x, y):
    activations = [x]
    for W in Ws[:-1]:
        activations.append(_sigmoid(W @ activations[-1]))
    delta = Ws[-1] @ activations[-1] - y
    norms = []
    for layer in range(len(Ws) - 1, -1, -1):
        norms.append(np.linalg.norm(np.outer(delta, activations[layer])))
        if layer:
            h = activations[layer]
            delta = (Ws[layer].T @ delta) * h * (1.0 - h)
    return np.array(norms)
