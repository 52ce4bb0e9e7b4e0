"""hw4, a correct submission in PyTorch float32: the gradient by autograd through torch.relu
(derivative 0 at 0), the kernel as the Gram matrix of per-sample gradients (torch.func),
gradient descent by autograd, the kernel flow by torch.linalg.matrix_exp, results as tensors
(some still attached to the autograd graph).
"""

import torch

DT = torch.float32


def _t(a):
    return torch.as_tensor(a).to(DT)


def _forward(X, W, a):
    return torch.relu(X @ W.T) @ a / W.shape[0] ** 0.5


def _loss(X, y, W, a):
    return 0.5 * ((_forward(X, W, a) - y) ** 2).sum()


def wide_forward(X, W, a):
    return _forward(_t(X), _t(W), _t(a))


def wide_grad(X, y, W, a):
    W = _t(W).requires_grad_(True)
    (g,) = torch.autograd.grad(_loss(_t(X), _t(y), W, _t(a)), W)
    return g


def empirical_ntk(X, W, a):
    X, W, a = _t(X), _t(W), _t(a)
    per_sample = torch.func.vmap(torch.func.grad(lambda w, x: _forward(x[None], w, a)[0]), in_dims=(None, 0))(W, X)
    J = per_sample.reshape(X.shape[0], -1)
    return J @ J.T


def train_wide(X, y, W0, a, lr, steps):
    X, y, a = _t(X), _t(y), _t(a)
    W = _t(W0).clone().requires_grad_(True)
    U = []
    for _ in range(steps):
        u = _forward(X, W, a)
        U.append(u.detach())
        (g,) = torch.autograd.grad(0.5 * ((u - y) ** 2).sum(), W)
        with torch.no_grad():
            W = (W - lr * g).requires_grad_(True)
    U.append(_forward(X, W, a).detach())
    U = torch.stack(U)
    return W, U, 0.5 * ((U - y) ** 2).sum(dim=1)


def kernel_gd(H, u0, y, lr, steps):
    H, y = _t(H), _t(y)
    out = [_t(u0)]
    for _ in range(steps):
        out.append(out[-1] - lr * H @ (out[-1] - y))
    return torch.stack(out)


def kernel_flow(H, u0, y, ts):
    H, u0, y = _t(H), _t(u0), _t(y)
    return torch.stack([y + torch.linalg.matrix_exp(-float(t) * H) @ (u0 - y) for t in ts])


def flow_loss_bound(H, u0, y, ts):
    lam_min = torch.linalg.eigvalsh(_t(H))[0]
    return ((_t(u0) - _t(y)) ** 2).sum() * torch.exp(-2 * lam_min * _t(ts))


def _kernel(X, W, a):
    A = (X @ W.T > 0).to(DT)
    return (A * a**2) @ A.T / W.shape[0] * (X @ X.T)


def ntk_drift(X, W0, W, a):
    X, a = _t(X), _t(a)
    return torch.linalg.matrix_norm(_kernel(X, _t(W), a) - _kernel(X, _t(W0), a), ord=2)


def pattern_changes(X, W0, W):
    X = _t(X)
    return ((X @ _t(W0).T > 0) != (X @ _t(W).T > 0)).to(DT).mean()
