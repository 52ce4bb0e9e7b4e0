"""Reference solution for hw3: SGD, smoothness and the dynamics of linear networks.

Float64 NumPy throughout. Inputs are never modified. No function calls another graded
function (only private helpers), so that a test's bug patch of one function breaks only that
one. Conventions (from COURSE.md): X is (n, p) with rows as samples, y is (n,), a network
``Ws = [W_1, ..., W_N]`` has end-to-end matrix W_N...W_1, and "vec" concatenates each layer
flattened row-major, first layer first.
"""

import numpy as np

EIG_THRESHOLD = 1e-5  # eigenvalues below EIG_THRESHOLD * lambda_max count as 0


def _product(mats, size):
    """M_k ... M_1 for mats = [M_1, ..., M_k]; the identity of order `size` if empty."""
    out = np.eye(size)
    for m in mats:
        out = m @ out
    return out


def _psd_power(M, a):
    """M**a for a symmetric PSD matrix M by eigendecomposition; M**0 = I always."""
    M = np.asarray(M, dtype=np.float64)
    if a == 0:
        return np.eye(M.shape[0])
    lam, Q = np.linalg.eigh((M + M.T) / 2)
    top = lam.max()
    keep = lam >= EIG_THRESHOLD * top if top > 0 else np.zeros_like(lam, dtype=bool)
    powered = np.where(keep, np.clip(lam, 0.0, None), 0.0) ** a
    return (Q * powered) @ Q.T


# --------------------------------------------------------------------------- SGD


def noisy_gd(A, b, w0, xi, schedule):
    """Iterates of w_{t+1} = w_t - eta_t (A w_t - b + xi[t]), shape (T+1, d), row 0 = w0.

    beta = lambda_max(A); "constant": eta_t = 1/beta; "decaying": eta_t = min(1/(t+1), 1/beta),
    t = 0, ..., T-1, with T = xi.shape[0].
    """
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    xi = np.asarray(xi, dtype=np.float64)
    beta = np.linalg.eigvalsh(A).max()
    if schedule not in ("constant", "decaying"):
        raise ValueError(f"schedule must be 'constant' or 'decaying', got {schedule!r}")
    T = xi.shape[0]
    out = np.empty((T + 1, b.shape[0]))
    out[0] = w0
    for t in range(T):
        eta = 1.0 / beta if schedule == "constant" else min(1.0 / (t + 1), 1.0 / beta)
        out[t + 1] = out[t] - eta * (A @ out[t] - b + xi[t])
    return out


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    """2 beta (f0 - f*) / (eps^2 + 2 eps sigma), a float."""
    return float(2.0 * beta * (f0 - fstar) / (eps**2 + 2.0 * eps * sigma))


def sine_targets(X, w, eps):
    """sin(X) w + eps (sine elementwise), shape (n,)."""
    return np.sin(np.asarray(X, dtype=np.float64)) @ np.asarray(w, dtype=np.float64) + eps


# ------------------------------------------------------------ linear networks


def _residual(Ws, X, y):
    """(X W_{1:N}^T - y) as a vector of shape (n,), and W_{1:N} of shape (1, p)."""
    P = _product(Ws, X.shape[1])
    return (X @ P.T)[:, 0] - y, P


def _loss(Ws, X, y):
    r, _ = _residual(Ws, X, y)
    return float(r @ r / (2 * X.shape[0]))


def _grads(Ws, X, y):
    r, _ = _residual(Ws, X, y)
    E = (r @ X)[None, :] / X.shape[0]
    grads = []
    for j in range(len(Ws)):
        after = _product(Ws[j + 1:], Ws[j].shape[0])      # W_{j+1:N}, (1, d_j)
        before = _product(Ws[:j], X.shape[1])              # W_{1:j-1}, (d_{j-1}, p)
        grads.append(after.T @ E @ before.T)
    return grads


def lnn_loss(Ws, X, y):
    """(1/2n) ||X W_{1:N}^T - y||^2, a float."""
    return _loss(Ws, X, y)


def lnn_grads(Ws, X, y):
    """[dL/dW_1, ..., dL/dW_N]: W_{j+1:N}^T E W_{1:j-1}^T with E = r^T X / n of shape (1, p)."""
    return _grads(Ws, X, y)


def train_lnn(Ws0, X, y, lr, steps):
    """Full-batch GD; returns (Ws, losses, grad_norms), curves of shape (steps+1,) at iterate t."""
    Ws = [np.array(W, dtype=np.float64) for W in Ws0]
    losses = np.empty(steps + 1)
    grad_norms = np.empty(steps + 1)
    for t in range(steps + 1):
        grads = _grads(Ws, X, y)
        losses[t] = _loss(Ws, X, y)
        grad_norms[t] = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
        if t < steps:
            Ws = [W - lr * g for W, g in zip(Ws, grads)]
    return Ws, losses, grad_norms


def lnn_hessian(Ws, X, y):
    """Hessian of lnn_loss w.r.t. vec(W_1, ..., W_N) (row-major per layer), shape (P, P).

    With P(W) = W_{1:N} and E = dL/dP: H = J^T (X^T X / n) J + d^2 <E, P>, where J = dvec(P)/dvec(W).
    """
    X = np.asarray(X, dtype=np.float64)
    n, p = X.shape
    N = len(Ws)
    r, _ = _residual(Ws, X, y)
    E = (r @ X) / n                                           # (p,)
    after = [_product(Ws[j + 1:], Ws[j].shape[0]) for j in range(N)]   # W_{j+1:N}
    before = [_product(Ws[:j], p) for j in range(N)]                   # W_{1:j-1}
    sizes = [W.size for W in Ws]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    J = np.concatenate(
        [np.einsum("a,bq->qab", after[j][0], before[j]).reshape(p, -1) for j in range(N)], axis=1
    )
    H = J.T @ (X.T @ X / n) @ J
    for j in range(N):
        for i in range(j):
            middle = _product(Ws[i + 1:j], Ws[i].shape[0])    # W_{i+1:j-1}, (d_{j-1}, d_i)
            K = before[i] @ np.outer(E, after[j][0])         # (d_{i-1}, d_j)
            block = np.einsum("da,bc->abcd", K, middle).reshape(sizes[j], sizes[i])
            H[offsets[j]:offsets[j + 1], offsets[i]:offsets[i + 1]] += block
            H[offsets[i]:offsets[i + 1], offsets[j]:offsets[j + 1]] += block.T
    return H


def extreme_eigenvalues(H):
    """(lambda_min, lambda_max) of a symmetric matrix, floats."""
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=np.float64))
    return float(lam[0]), float(lam[-1])


# ------------------------------------------------------- balanced dynamics


def balanced_factors(W, N):
    """N square factors with W_N...W_1 = W and W_{j+1}^T W_{j+1} = W_j W_j^T.

    From W = U S V^T: W_1 = S^{1/N} V^T, W_j = S^{1/N} (1 < j < N), W_N = U S^{1/N};
    singular values below sqrt(1e-5) sigma_max (eigenvalues of W^T W below 1e-5 lambda_max)
    are taken as 0, as in end_to_end_step.
    """
    W = np.asarray(W, dtype=np.float64)
    if N == 1:
        return [W.copy()]
    U, s, Vt = np.linalg.svd(W)
    keep = s**2 >= EIG_THRESHOLD * s[0] ** 2 if s[0] > 0 else np.zeros_like(s, dtype=bool)
    root = np.diag(np.where(keep, s, 0.0) ** (1.0 / N))
    return [root @ Vt] + [root.copy() for _ in range(N - 2)] + [U @ root]


def end_to_end_step(W, G, N, lr):
    """W - lr sum_{j=1}^N (W W^T)^{(j-1)/N} G (W^T W)^{(N-j)/N}, shape of W."""
    W = np.asarray(W, dtype=np.float64)
    G = np.asarray(G, dtype=np.float64)
    left, right = W @ W.T, W.T @ W
    total = sum(_psd_power(left, (j - 1) / N) @ G @ _psd_power(right, (N - j) / N)
                for j in range(1, N + 1))
    return W - lr * total


def end_to_end_step_vector(w, g, N, lr):
    """w - lr (|w|^{2(N-1)/N} g + (N-1) |w|^{-2/N} <g, w> w) for row vectors, shape (1, d)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(g, dtype=np.float64)
    norm = np.linalg.norm(w)
    inner = float(np.sum(g * w))
    return w - lr * (norm ** (2 * (N - 1) / N) * g + (N - 1) * norm ** (-2 / N) * inner * w)


def sym_factor_grad(U, G):
    """(G + G^T) U, the gradient of phi(U) = l(U U^T) when grad l(U U^T) = G; shape of U."""
    return (G + G.T) @ U


def sym_factor_velocity(U, G):
    """dW/dt = -(G + G^T) U U^T - U U^T (G + G^T) for W = U U^T; shape (d, d)."""
    S = G + G.T
    UUt = U @ U.T
    return -S @ UUt - UUt @ S
