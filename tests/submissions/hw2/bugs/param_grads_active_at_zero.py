# Bug: a unit counts as active at a pre-activation of exactly 0 (mask z >= 0, so ReLU'(0) = 1); fails param_grads_homogeneous against autograd on the public case with units exactly at 0 (Euler's identity still holds there: those units add 0).
import numpy as np


def param_grads_homogeneous(Ws, x):
    hs, zs = [np.asarray(x, dtype=np.float64)], []
    for W in Ws[:-1]:
        zs.append(W @ hs[-1])
        hs.append(np.maximum(zs[-1], 0.0))
    delta, grads = np.ones(1), [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = np.outer(delta, hs[l])
        if l > 0:
            delta = (Ws[l].T @ delta) * (zs[l - 1] >= 0)
    return grads
