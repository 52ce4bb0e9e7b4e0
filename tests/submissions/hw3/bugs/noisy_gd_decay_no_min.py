# Bug: decaying schedule eta_t = 1/(t+1) without the cap at 1/beta; fails noisy_gd iterates vs reference (decaying case with beta > 1).
import numpy as np


def noisy_gd(A, b, w0, xi, schedule):
    beta = np.linalg.eigvalsh(A).max()
    ws = [np.array(w0, dtype=float)]
    for t in range(len(xi)):
        eta = 1 / beta if schedule == "constant" else 1 / (t + 1)
        ws.append(ws[-1] - eta * (A @ ws[-1] - b + xi[t]))
    return np.array(ws)
