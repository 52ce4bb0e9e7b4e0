# Bug: steps along the gradient of the mean loss (gradient divided by m), so training is m times slower; fails train_deep_linear against the reference (weights and loss curve, m > 1).
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    m = X.shape[1]
    Ws = [W.copy() for W in Ws0]
    losses = [deep_linear_loss(Ws, X, Y)]
    for _ in range(steps):
        grads = deep_linear_grads(Ws, X, Y)
        Ws = [W - lr * G / m for W, G in zip(Ws, grads)]
        losses.append(deep_linear_loss(Ws, X, Y))
    return Ws, np.array(losses)
