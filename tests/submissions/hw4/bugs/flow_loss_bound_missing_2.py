# Bug: exp(-lambda_min t), the bound on ||u(t) - y|| squared only in front.
import numpy as np


def flow_loss_bound(H, u0, y, ts):
    return np.sum((u0 - y) ** 2) * np.exp(-np.linalg.eigvalsh(H)[0] * np.asarray(ts))
