# Bug: backpropagates through the ReLUs without the 1[z > 0] mask; fails param_grads_homogeneous against autograd and Euler's identity.
import numpy as np


def param_grads_homogeneous(Ws, x):
    hs = [x]
    for W in Ws[:-1]:
        hs.append(np.maximum(W @ hs[-1], 0.0))
    delta, grads = np.ones(1), []
    for l in range(len(Ws) - 1, -1, -1):
        grads.append(np.outer(delta, hs[l]))
        delta = Ws[l].T @ delta
    return grads[::-1]
