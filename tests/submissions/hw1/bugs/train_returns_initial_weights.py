# Bug: trains a local copy but returns the initial weights Ws0 (the loss curve is right); fails train_deep_linear trained weights against the reference (steps >= 1).
import numpy as np


def train_deep_linear(Ws0, X, Y, lr, steps):
    current = [W.copy() for W in Ws0]
    losses = [deep_linear_loss(current, X, Y)]
    for _ in range(steps):
        grads = deep_linear_grads(current, X, Y)
        current = [W - lr * G for W, G in zip(current, grads)]
        losses.append(deep_linear_loss(current, X, Y))
    return [W.copy() for W in Ws0], np.array(losses)
