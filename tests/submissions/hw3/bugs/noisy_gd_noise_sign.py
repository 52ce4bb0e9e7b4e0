# Bug: noise subtracted from the gradient, w - eta (grad f - xi); fails noisy_gd iterates vs reference (both schedules).
import numpy as np


def noisy_gd(A, b, w0, xi, schedule):
    beta = np.linalg.eigvalsh(A).max()
    ws = [np.array(w0, dtype=float)]
    for t in range(len(xi)):
        eta = 1 / beta if schedule == "constant" else min(1 / (t + 1), 1 / beta)
        ws.append(ws[-1] - eta * (A @ ws[-1] - b - xi[t]))
    return np.array(ws)
