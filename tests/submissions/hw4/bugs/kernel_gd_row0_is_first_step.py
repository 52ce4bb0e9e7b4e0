# Bug: row 0 is the first step, not u0 (the curve one step ahead).
import numpy as np


def kernel_gd(H, u0, y, lr, steps):
    out, u = [], np.array(u0)
    for _ in range(steps + 1):
        u = u - lr * H @ (u - y)
        out.append(u)
    return np.array(out)
