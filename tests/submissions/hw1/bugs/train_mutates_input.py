# Bug: updates the caller's Ws0 arrays in place (W -= lr * G); fails train_deep_linear on "does not modify its input" (argument Ws0), values otherwise right.
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = Ws0
    losses = [deep_linear_loss(Ws, X, Y)]
    for _ in range(steps):
        grads = deep_linear_grads(Ws, X, Y)
        for W, G in zip(Ws, grads):
            W -= lr * G
        losses.append(deep_linear_loss(Ws, X, Y))
    return [W.copy() for W in Ws], np.array(losses)
