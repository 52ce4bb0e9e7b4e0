# Bug: grad_norm = sum_j ||dL/dW_j||_F instead of sqrt(sum_j ||dL/dW_j||_F^2); fails train_lnn grad-norm curve.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses, norms = [], []
    for t in range(steps + 1):
        grads = lnn_grads(Ws, X, y)
        losses.append(lnn_loss(Ws, X, y))
        norms.append(sum(np.linalg.norm(g) for g in grads))
        if t < steps:
            Ws = [W - lr * g for W, g in zip(Ws, grads)]
    return Ws, np.array(losses), np.array(norms)
