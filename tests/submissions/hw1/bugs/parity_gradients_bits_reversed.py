# Bug: bits of i read most significant first, (v_i)_j = (i >> (d-1-j)) & 1 (rows permuted; the inputs x use the same reversed order); fails parity_gradients against the reference (d >= 2).
import numpy as np


def parity_gradients(W, c, a, d):
    vs = np.array([[(i >> (d - 1 - j)) & 1 for j in range(d)] for i in range(2**d)], dtype=np.float64)
    outputs, grads = _model_grads(W, c, a, vs)
    labels = np.array([parity_labels(vs, v) for v in vs])
    return (outputs[None, :] - labels) @ grads / 2**d
