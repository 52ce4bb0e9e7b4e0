# Bug: parameters ordered p = (a, c, vec W) instead of (vec W, c, a); fails parity_gradients against the reference.
import numpy as np


def parity_gradients(W, c, a, d):
    inputs = _all_inputs(d)
    hidden = np.tanh(inputs @ W.T + c)
    outputs = hidden @ a
    dz = a * (1.0 - hidden**2)
    dW = np.einsum("nh,nd->nhd", dz, inputs).reshape(len(inputs), -1)
    grads = np.hstack([hidden, dz, dW])  # the bug: (a, c, W)
    labels = np.array([parity_labels(inputs, v) for v in inputs])
    return (outputs[None, :] - labels) @ grads / 2**d
