# Bug: loss curve recorded correctly but one update too many (range(steps + 1) updates); fails train_deep_linear trained weights against the reference (the loss curve passes).
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses = []
    for _ in range(steps + 1):
        losses.append(deep_linear_loss(Ws, X, Y))
        grads = deep_linear_grads(Ws, X, Y)
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
    return Ws, np.array(losses)
