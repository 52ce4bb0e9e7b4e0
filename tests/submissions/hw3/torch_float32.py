"""hw3, a correct submission in PyTorch float32 that leans on autograd and returns tensors.

balanced_factors uses a different gauge from the reference (an orthogonal rotation between
consecutive layers), to show that the property checks accept any valid factorization.
"""

import torch

DT = torch.float32


def _t(a):
    return torch.as_tensor(a).to(DT)


def noisy_gd(A, b, w0, xi, schedule):
    A, b, w, xi = _t(A), _t(b), _t(w0), _t(xi)
    beta = torch.linalg.eigvalsh(A)[-1].item()
    rows = [w]
    for t in range(xi.shape[0]):
        eta = 1 / beta if schedule == "constant" else min(1 / (t + 1), 1 / beta)
        w = w - eta * (A @ w - b + xi[t])
        rows.append(w)
    return torch.stack(rows)


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    return torch.tensor(2 * beta * (f0 - fstar) / (eps * (eps + 2 * sigma)), dtype=DT)


def sine_targets(X, w, eps):
    return torch.sin(_t(X)) @ _t(w) + _t(eps)


def _loss(Ws, X, y):
    out = X
    for W in Ws:
        out = out @ W.T
    return 0.5 * torch.mean((out.squeeze(1) - y) ** 2)


def lnn_loss(Ws, X, y):
    return _loss([_t(W) for W in Ws], _t(X), _t(y))


def _grads(Ws, X, y):
    params = [W.detach().clone().requires_grad_(True) for W in Ws]
    loss = _loss(params, X, y)
    return loss.detach(), list(torch.autograd.grad(loss, params))


def lnn_grads(Ws, X, y):
    return _grads([_t(W) for W in Ws], _t(X), _t(y))[1]


def train_lnn(Ws0, X, y, lr, steps):
    Ws, X, y = [_t(W) for W in Ws0], _t(X), _t(y)
    losses, norms = [], []
    for t in range(steps + 1):
        loss, grads = _grads(Ws, X, y)
        losses.append(loss)
        norms.append(torch.sqrt(sum((g**2).sum() for g in grads)))
        if t < steps:
            Ws = [W - lr * g for W, g in zip(Ws, grads)]
    return Ws, torch.stack(losses), torch.stack(norms)


def lnn_hessian(Ws, X, y):
    Ws, X, y = [_t(W) for W in Ws], _t(X), _t(y)
    shapes = [W.shape for W in Ws]
    sizes = [W.numel() for W in Ws]

    def flat_loss(theta):
        return _loss([part.reshape(s) for part, s in zip(theta.split(sizes), shapes)], X, y)

    theta = torch.cat([W.reshape(-1) for W in Ws])
    return torch.autograd.functional.hessian(flat_loss, theta)


def extreme_eigenvalues(H):
    lam = torch.linalg.eigvalsh(_t(H))
    return lam[0], lam[-1]


def _rotation(d, seed):
    gen = torch.Generator().manual_seed(seed)
    Q, R = torch.linalg.qr(torch.randn(d, d, generator=gen, dtype=torch.float64))
    return (Q * torch.sign(torch.diagonal(R))).to(DT)


def balanced_factors(W, N):
    W = _t(W)
    U, s, Vh = torch.linalg.svd(W)
    s = torch.where(s * s >= 1e-5 * s[0] * s[0], s, torch.zeros_like(s))
    root = torch.diag(s ** (1.0 / N))
    d = W.shape[0]
    rots = [Vh.T] + [_rotation(d, 1000 + j) for j in range(1, N)] + [U]
    # W_j = R_j S^{1/N} R_{j-1}^T; the rotations cancel in the product.
    return [rots[j] @ root @ rots[j - 1].T for j in range(1, N + 1)]


def _power(M, a):
    if a == 0:
        return torch.eye(M.shape[0], dtype=DT)
    lam, Q = torch.linalg.eigh(M)
    lam = torch.where(lam >= 1e-5 * lam[-1], lam, torch.zeros_like(lam)).clamp(min=0)
    return Q @ torch.diag(lam**a) @ Q.T


def end_to_end_step(W, G, N, lr):
    W, G = _t(W), _t(G)
    step = torch.zeros_like(W)
    for j in range(1, N + 1):
        step = step + _power(W @ W.T, (j - 1) / N) @ G @ _power(W.T @ W, (N - j) / N)
    return W - lr * step


def end_to_end_step_vector(w, g, N, lr):
    w, g = _t(w), _t(g)
    sq = (w**2).sum()
    return w - lr * (sq ** ((N - 1) / N) * g + (N - 1) * sq ** (-1 / N) * (g * w).sum() * w)


def sym_factor_grad(U, G):
    U = _t(U).requires_grad_(True)
    phi = (_t(G) * (U @ U.T)).sum()
    return torch.autograd.grad(phi, U)[0]


def sym_factor_velocity(U, G):
    U, G = _t(U), _t(G)
    dU = -(G + G.T) @ U
    return dU @ U.T + U @ dU.T
