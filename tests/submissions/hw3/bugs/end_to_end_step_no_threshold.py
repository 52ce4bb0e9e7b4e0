# Bug: fractional powers without the 1e-5 eigenvalue threshold (rounding-level eigenvalues of a singular W W^T or W^T W raised to small powers); fails end_to_end_step vs reference on a rank-deficient or non-square W with N >= 6.
import numpy as np


def end_to_end_step(W, G, N, lr):
    def power(M, a):
        if a == 0:
            return np.eye(len(M))
        lam, Q = np.linalg.eigh(M)
        return (Q * np.clip(lam, 0.0, None) ** a) @ Q.T

    total = sum(power(W @ W.T, (j - 1) / N) @ G @ power(W.T @ W, (N - j) / N)
                for j in range(1, N + 1))
    return W - lr * total
