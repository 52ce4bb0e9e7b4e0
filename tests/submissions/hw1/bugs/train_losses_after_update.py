# Bug: losses[t] is the loss after step t+1 (the curve is shifted by one; steps+1 updates are taken to fill it); fails train_deep_linear against the reference (weights and loss curve, steps >= 0).
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses = []
    for _ in range(steps + 1):
        grads = deep_linear_grads(Ws, X, Y)
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
        losses.append(deep_linear_loss(Ws, X, Y))
    return Ws, np.array(losses)
