# Bug: returns each gradient transposed (h_{l-1} delta_l^T, shape (m_{l-1}, m_l)); fails param_grads_homogeneous on shape.
import numpy as np


def param_grads_homogeneous(Ws, x):
    hs = [x]
    for W in Ws[:-1]:
        hs.append(np.maximum(W @ hs[-1], 0.0))
    delta, grads = np.ones(1), []
    for l in range(len(Ws) - 1, -1, -1):
        grads.append(np.outer(hs[l], delta))
        delta = (Ws[l].T @ delta) * (hs[l] > 0)
    return grads[::-1]
