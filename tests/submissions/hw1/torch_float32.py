"""hw1, a correct submission in PyTorch float32: every gradient and the Hessian come from
autograd (torch.autograd / torch.func), and the results are returned as torch tensors (some of
them still attached to the autograd graph).
"""

import torch

DT = torch.float32


def _t(a):
    return torch.as_tensor(a).to(DT)


def _product(Ws):
    out = Ws[0]
    for W in Ws[1:]:
        out = W @ out
    return out


def _loss(Ws, X, Y):
    return 0.5 * ((_product(Ws) @ X - Y) ** 2).sum()


def _leaves(Ws):
    return [_t(W).detach().clone().requires_grad_(True) for W in Ws]


def end_to_end(Ws):
    return _product([_t(W) for W in Ws])


def deep_linear_loss(Ws, X, Y):
    return _loss([_t(W) for W in Ws], _t(X), _t(Y))


def deep_linear_grads(Ws, X, Y):
    params = _leaves(Ws)
    return list(torch.autograd.grad(_loss(params, _t(X), _t(Y)), params))


def population_grads(Ws, Sxx, Syx):
    params = _leaves(Ws)
    Sxx, Syx = _t(Sxx), _t(Syx)
    P = _product(params)
    # 1/2 E||y - P x||^2 = 1/2 tr(P Sxx P^T) - tr(P Syx^T) + const
    loss = 0.5 * torch.trace(P @ Sxx @ P.T) - torch.trace(P @ Syx.T)
    return list(torch.autograd.grad(loss, params))


def is_realizable(W0, dims):
    s = torch.linalg.svdvals(_t(W0))
    rank = (s > 1e-5 * s.max()).sum() if s.numel() and s.max() > 0 else torch.tensor(0)
    return rank <= min(dims)


def train_deep_linear(Ws0, X, Y, lr, steps):
    X, Y = _t(X), _t(Y)
    Ws = _leaves(Ws0)
    losses = []
    for _ in range(steps):
        loss = _loss(Ws, X, Y)
        losses.append(loss.detach())
        grads = torch.autograd.grad(loss, Ws)
        with torch.no_grad():
            Ws = [W - lr * g for W, g in zip(Ws, grads)]
        Ws = [W.requires_grad_(True) for W in Ws]
    losses.append(_loss(Ws, X, Y).detach())
    return Ws, torch.stack(losses)


def loss_hessian(Ws, X, Y):
    Ws, X, Y = [_t(W) for W in Ws], _t(X), _t(Y)
    shapes = [W.shape for W in Ws]
    sizes = [W.numel() for W in Ws]

    def flat_loss(theta):
        return _loss([part.reshape(s) for part, s in zip(theta.split(sizes), shapes)], X, Y)

    theta = torch.cat([W.reshape(-1) for W in Ws])
    return torch.autograd.functional.hessian(flat_loss, theta)


def parity_labels(Xb, v):
    bits = torch.as_tensor(Xb).to(torch.int64) @ torch.as_tensor(v).to(torch.int64)
    return torch.where(bits % 2 == 0, 1.0, -1.0).to(DT)


def _cube(d):
    i = torch.arange(2**d).unsqueeze(1)
    return ((i >> torch.arange(d)) & 1).to(DT)  # row i holds the bits of i


def parity_gradients(W, c, a, d):
    W, c, a = _t(W), _t(c), _t(a)
    h = W.shape[0]
    xs = _cube(d)  # (2^d, d), also the list of all v
    labels = 1.0 - 2.0 * ((xs @ xs.T) % 2)  # labels[v, x] = (-1)^{v.x}

    def risks(p):
        Wp = p[: h * d].reshape(h, d)
        cp = p[h * d: h * d + h]
        ap = p[h * d + h:]
        f = torch.tanh(xs @ Wp.T + cp) @ ap  # (2^d,)
        return 0.5 * ((f.unsqueeze(0) - labels) ** 2).mean(dim=1)  # one risk per parity

    p = torch.cat([W.reshape(-1), c, a])
    return torch.func.jacrev(risks)(p)


def gradient_variance(G):
    G = _t(G)
    return ((G - G.mean(dim=0, keepdim=True)) ** 2).sum(dim=1).mean()


def sigmoid_layer_grad_norms(Ws, x, y):
    params = _leaves(Ws)
    out = _t(x)
    for W in params[:-1]:
        out = torch.sigmoid(W @ out)
    out = params[-1] @ out
    loss = 0.5 * ((out - _t(y)) ** 2).sum()
    grads = torch.autograd.grad(loss, params)
    return torch.stack([g.norm() for g in grads])
