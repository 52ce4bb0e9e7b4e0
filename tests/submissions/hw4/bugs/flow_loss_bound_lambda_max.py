# Bug: the largest eigenvalue where the bound needs the smallest: below the loss itself.
import numpy as np


def flow_loss_bound(H, u0, y, ts):
    return np.sum((u0 - y) ** 2) * np.exp(-2 * np.linalg.eigvalsh(H)[-1] * np.asarray(ts))
