# Bug: W^T W on the left and W W^T on the right (only shape-compatible for square W); fails end_to_end_step vs reference (square non-normal W).
import numpy as np


def end_to_end_step(W, G, N, lr):
    def power(M, a):
        if a == 0:
            return np.eye(len(M))
        lam, Q = np.linalg.eigh(M)
        keep = lam >= 1e-5 * lam.max()
        return (Q * np.where(keep, np.clip(lam, 0.0, None), 0.0) ** a) @ Q.T

    total = sum(power(W.T @ W, (j - 1) / N) @ G @ power(W @ W.T, (N - j) / N)
                for j in range(1, N + 1))
    return W - lr * total
