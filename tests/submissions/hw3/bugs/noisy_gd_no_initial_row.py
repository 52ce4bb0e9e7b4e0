# Bug: returns only w_1..w_T (row 0 = w0 missing), shape (T, d); fails noisy_gd shape check.
import numpy as np


def noisy_gd(A, b, w0, xi, schedule):
    beta = np.linalg.eigvalsh(A).max()
    w = np.array(w0, dtype=float)
    ws = []
    for t in range(len(xi)):
        eta = 1 / beta if schedule == "constant" else min(1 / (t + 1), 1 / beta)
        w = w - eta * (A @ w - b + xi[t])
        ws.append(w)
    return np.array(ws)
