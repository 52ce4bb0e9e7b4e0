# Bug: updates the layers one after the other, layer k's gradient using the already-updated layers 1..k-1; fails train_deep_linear against the reference (weights and loss curve, H >= 2).
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses = [deep_linear_loss(Ws, X, Y)]
    for _ in range(steps):
        for k in range(len(Ws)):
            Ws[k] = Ws[k] - lr * deep_linear_grads(Ws, X, Y)[k]
        losses.append(deep_linear_loss(Ws, X, Y))
    return Ws, np.array(losses)
