# Bug: losses and grad norms recorded after each update (curves shifted by one step); fails train_lnn loss/grad-norm curves at the first steps.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses, norms = [], []
    for t in range(steps):
        grads = lnn_grads(Ws, X, y)
        Ws = [W - lr * g for W, g in zip(Ws, grads)]
        losses.append(lnn_loss(Ws, X, y))
        norms.append(np.sqrt(sum(np.sum(g**2) for g in lnn_grads(Ws, X, y))))
    losses.append(losses[-1])
    norms.append(norms[-1])
    return Ws, np.array(losses), np.array(norms)
