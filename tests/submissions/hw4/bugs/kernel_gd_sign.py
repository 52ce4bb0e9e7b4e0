# Bug: a step up the gradient, u + lr H (u - y).
import numpy as np


def kernel_gd(H, u0, y, lr, steps):
    out = [np.array(u0)]
    for _ in range(steps):
        out.append(out[-1] + lr * H @ (out[-1] - y))
    return np.array(out)
