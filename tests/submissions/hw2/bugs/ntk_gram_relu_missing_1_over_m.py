# Bug: forgets the 1/m (sums instead of averaging over units; ratio m); fails ntk_gram_relu against the reference and the width-20,000 limit.
import numpy as np


def ntk_gram_relu(X, W, a):
    act = (W @ X > 0).astype(float)
    return (act.T @ (act * (a ** 2)[:, None])) * (X.T @ X)
