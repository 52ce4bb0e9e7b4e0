# Bug: beta taken as the Frobenius norm of A instead of lambda_max(A); fails noisy_gd iterates vs reference (constant schedule).
import numpy as np


def noisy_gd(A, b, w0, xi, schedule):
    beta = np.linalg.norm(A)
    ws = [np.array(w0, dtype=float)]
    for t in range(len(xi)):
        eta = 1 / beta if schedule == "constant" else min(1 / (t + 1), 1 / beta)
        ws.append(ws[-1] - eta * (A @ ws[-1] - b + xi[t]))
    return np.array(ws)
