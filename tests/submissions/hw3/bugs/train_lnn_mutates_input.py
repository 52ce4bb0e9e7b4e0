# Bug: updates the caller's Ws0 arrays in place; fails the input-not-modified check of train_lnn.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = Ws0
    losses, norms = [], []
    for t in range(steps + 1):
        grads = lnn_grads(Ws, X, y)
        losses.append(lnn_loss(Ws, X, y))
        norms.append(np.sqrt(sum(np.sum(g**2) for g in grads)))
        if t < steps:
            for W, g in zip(Ws, grads):
                W -= lr * g
    return [W.copy() for W in Ws], np.array(losses), np.array(norms)
