# Bug: decaying schedule eta_t = min(1/(t+2), 1/beta) (t counted from 1); fails noisy_gd iterates vs reference (decaying case with beta < 1).
import numpy as np


def noisy_gd(A, b, w0, xi, schedule):
    beta = np.linalg.eigvalsh(A).max()
    ws = [np.array(w0, dtype=float)]
    for t in range(1, len(xi) + 1):
        eta = 1 / beta if schedule == "constant" else min(1 / (t + 1), 1 / beta)
        ws.append(ws[-1] - eta * (A @ ws[-1] - b + xi[t - 1]))
    return np.array(ws)
