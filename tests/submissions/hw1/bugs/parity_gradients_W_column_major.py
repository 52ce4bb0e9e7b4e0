# Bug: flattens the W-part of the gradient in column-major order (dW.T.ravel()); fails parity_gradients against the reference (h, d >= 2).
import numpy as np


def parity_gradients(W, c, a, d):
    h = W.shape[0]
    inputs = _all_inputs(d)
    hidden = np.tanh(inputs @ W.T + c)
    outputs = hidden @ a
    dz = a * (1.0 - hidden**2)
    dW = np.einsum("nh,nd->ndh", dz, inputs).reshape(len(inputs), -1)
    grads = np.hstack([dW, dz, hidden])
    labels = np.array([parity_labels(inputs, v) for v in inputs])
    return (outputs[None, :] - labels) @ grads / 2**d
