# Bug: steps by lr**2 instead of lr (a typo in the update); fails train_lnn against the reference (the weights and both curves from step 1 on), and nothing else: lnn_hessian's check at the trained weights takes the reference's.
import numpy as np


def train_lnn(Ws0, X, y, lr, steps):
    Ws = [np.array(W, dtype=np.float64) for W in Ws0]
    losses = np.empty(steps + 1)
    grad_norms = np.empty(steps + 1)
    for t in range(steps + 1):
        grads = _grads(Ws, X, y)
        losses[t] = _loss(Ws, X, y)
        grad_norms[t] = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
        if t < steps:
            Ws = [W - lr**2 * g for W, g in zip(Ws, grads)]
    return Ws, losses, grad_norms
