# Bug: backpropagates through tanh as if it were the identity (df/dz = a instead of a (1 - tanh^2)); fails parity_gradients against the reference.
import numpy as np


def parity_gradients(W, c, a, d):
    inputs = _all_inputs(d)
    hidden = np.tanh(inputs @ W.T + c)
    outputs = hidden @ a
    dz = np.tile(a, (len(inputs), 1))
    dW = np.einsum("nh,nd->nhd", dz, inputs).reshape(len(inputs), -1)
    grads = np.hstack([dW, dz, hidden])
    labels = np.array([parity_labels(inputs, v) for v in inputs])
    return (outputs[None, :] - labels) @ grads / 2**d
