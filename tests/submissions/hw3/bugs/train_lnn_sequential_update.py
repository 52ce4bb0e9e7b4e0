# Bug: layers updated one after another, each gradient taken at the already-updated earlier layers; fails train_lnn weights and curves vs reference.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses, norms = [], []
    for t in range(steps + 1):
        grads = lnn_grads(Ws, X, y)
        losses.append(lnn_loss(Ws, X, y))
        norms.append(np.sqrt(sum(np.sum(g**2) for g in grads)))
        if t < steps:
            for j in range(len(Ws)):
                Ws[j] = Ws[j] - lr * lnn_grads(Ws, X, y)[j]
    return Ws, np.array(losses), np.array(norms)
