# Bug: steps with the gradient of (1/n)||.||^2 (missing factor 1/2, i.e. twice the gradient); fails train_lnn curves from step 1 and the weights.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses, norms = [], []
    for t in range(steps + 1):
        grads = [2 * g for g in lnn_grads(Ws, X, y)]
        losses.append(lnn_loss(Ws, X, y))
        norms.append(np.sqrt(sum(np.sum(g**2) for g in grads)) / 2)
        if t < steps:
            Ws = [W - lr * g for W, g in zip(Ws, grads)]
    return Ws, np.array(losses), np.array(norms)
