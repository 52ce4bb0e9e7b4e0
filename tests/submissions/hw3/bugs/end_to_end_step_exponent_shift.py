# Bug: exponents j/N and (N-j)/N instead of (j-1)/N and (N-j)/N; fails end_to_end_step vs reference and vs the layer-wise GD step.
import numpy as np


def end_to_end_step(W, G, N, lr):
    def power(M, a):
        lam, Q = np.linalg.eigh(M)
        keep = lam >= 1e-5 * lam.max()
        return (Q * np.where(keep, np.abs(lam), 0.0) ** a) @ Q.T if a else np.eye(len(M))

    total = sum(power(W @ W.T, j / N) @ G @ power(W.T @ W, (N - j) / N) for j in range(1, N + 1))
    return W - lr * total
