# Bug: sums over the 2^d inputs instead of averaging (missing 1/2^d); fails parity_gradients against the reference (ratio 2^d) and the variance bound on its own output.
import numpy as np


def parity_gradients(W, c, a, d):
    inputs = _all_inputs(d)
    outputs, grads = _model_grads(W, c, a, inputs)
    labels = np.array([parity_labels(inputs, v) for v in inputs])
    return (outputs[None, :] - labels) @ grads
