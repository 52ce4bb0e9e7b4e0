# Bug: records the loss only after each update (no losses[0] at Ws0), shape (steps,); fails train_deep_linear loss-curve shape check.
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = [W.copy() for W in Ws0]
    losses = []
    for _ in range(steps):
        grads = deep_linear_grads(Ws, X, Y)
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
        losses.append(deep_linear_loss(Ws, X, Y))
    return Ws, np.array(losses)
