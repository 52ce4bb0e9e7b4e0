# Bug: zeroth power of a singular PSD matrix computed as the projector onto its range instead of I; fails end_to_end_step vs reference (non-square or rank-deficient W).
import numpy as np


def end_to_end_step(W, G, N, lr):
    def power(M, a):
        lam, Q = np.linalg.eigh(M)
        keep = lam >= 1e-5 * lam.max()
        return (Q * np.where(keep, np.where(keep, lam, 1.0) ** a, 0.0)) @ Q.T

    total = sum(power(W @ W.T, (j - 1) / N) @ G @ power(W.T @ W, (N - j) / N)
                for j in range(1, N + 1))
    return W - lr * total
