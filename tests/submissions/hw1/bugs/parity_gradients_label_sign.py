# Bug: fits the negated parity -(-1)^{v.x} (residual f + chi_v); fails parity_gradients against the reference.
import numpy as np


def parity_gradients(W, c, a, d):
    inputs = _all_inputs(d)
    outputs, grads = _model_grads(W, c, a, inputs)
    labels = np.array([parity_labels(inputs, v) for v in inputs])
    return (outputs[None, :] + labels) @ grads / 2**d
