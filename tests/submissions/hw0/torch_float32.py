"""A correct hw0 in PyTorch float32, using autograd wherever it is natural.

Returns torch tensors (some still attached to the autograd graph).
"""

import torch

DTYPE = torch.float32


def _t(a, requires_grad=False):
    return torch.tensor(a, dtype=DTYPE, requires_grad=requires_grad)


def grad_inner(x, c):
    xt = _t(x, requires_grad=True)
    (xt @ _t(c)).backward()
    return xt.grad


def grad_sqnorm(x):
    xt = _t(x, requires_grad=True)
    (grad,) = torch.autograd.grad(torch.sum(xt * xt), xt)
    return grad


def jacobian_linear(A, x):
    At = _t(A)
    return torch.autograd.functional.jacobian(lambda z: At @ z, _t(x))


def grad_quadratic(A, x):
    At = _t(A)
    xt = _t(x, requires_grad=True)
    (grad,) = torch.autograd.grad(xt @ At @ xt, xt, create_graph=True)
    return grad  # still part of a graph: allowed by the contract


def augment(X, y, Gamma):
    Xt, Gt = _t(X), _t(Gamma)
    X_hat = torch.cat([Xt, Gt], dim=0)
    y_hat = torch.cat([_t(y), torch.zeros(Gt.shape[0], dtype=DTYPE)])
    return X_hat, y_hat


def ridge_closed_form(X, y, Sigma_inv):
    Xt = _t(X)
    return torch.linalg.solve(Xt.T @ Xt + _t(Sigma_inv), Xt.T @ _t(y))


def ridge_via_augmentation(X, y, Gamma):
    X_hat, y_hat = augment(X, y, Gamma)
    return torch.linalg.lstsq(X_hat, y_hat.unsqueeze(1)).solution.squeeze(1)


def gd_least_squares(F, y, eta, steps, w0):
    Ft, yt = _t(F), _t(y)
    w = _t(w0)
    out = [w]
    for _ in range(steps):
        wr = w.clone().requires_grad_(True)
        loss = 0.5 * torch.sum((Ft @ wr - yt) ** 2)
        (g,) = torch.autograd.grad(loss, wr)
        w = w - eta * g
        out.append(w)
    return torch.stack(out)


def max_stable_step(F):
    return 2.0 / torch.linalg.matrix_norm(_t(F), ord=2) ** 2


def elbows(w, b):
    wt = _t(w, requires_grad=True)
    return -_t(b) / wt  # attached to the graph


def relu_grads(x, y, w, b):
    wt = _t(w, requires_grad=True)
    bt = _t(b, requires_grad=True)
    loss = 0.5 * (torch.relu(wt * _t(x) + bt) - _t(y)) ** 2
    loss.backward()  # torch.relu has derivative 0 at 0
    return wt.grad, bt.grad


def relu_sgd_step(x, y, w, b, lr):
    dw, db = relu_grads(x, y, w, b)
    return _t(w) - lr * dw, _t(b) - lr * db


def _model(xs, w, b, v):
    return torch.relu(xs[:, None] * w + b) @ v


def train_relu_1d(x, y, w, b, v, lr, epochs):
    xt, yt = _t(x), _t(y)
    params = [_t(w), _t(b), _t(v)]

    def mean_loss():
        with torch.no_grad():
            return torch.mean(0.5 * (_model(xt, *params) - yt) ** 2)

    losses = [mean_loss()]
    for _ in range(epochs):
        for j in range(len(xt)):
            leaves = [p.clone().requires_grad_(True) for p in params]
            loss = 0.5 * (_model(xt[j:j + 1], *leaves)[0] - yt[j]) ** 2
            grads = torch.autograd.grad(loss, leaves)
            params = [p - lr * g for p, g in zip(params, grads)]
        losses.append(mean_loss())
    return params[0], params[1], params[2], torch.stack(losses)
