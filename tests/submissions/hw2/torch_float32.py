"""hw2, a correct submission in PyTorch float32 that uses autograd where natural.

Returns tensors (some with grad history); the grader must convert them. The one exception to
float32 is the breakpoint walk in count_pieces_on_segment, which needs float64 resolution.
"""

import math

import torch


def _t(a):
    return torch.as_tensor(a).to(torch.float32)


def ls_loss(w, X, y):
    w, X, y = _t(w), _t(X), _t(y)
    return 0.5 * torch.mean((X.T @ w - y) ** 2)


def ls_grad(w, X, y):
    w = _t(w).clone().requires_grad_(True)
    (g,) = torch.autograd.grad(ls_loss(w, X, y), w)
    return g


def gd_iterates(X, y, lr, steps, w0):
    X, y = _t(X), _t(y)
    n = X.shape[1]
    w = _t(w0).clone()
    rows = [w]
    for _ in range(steps):
        w = w - lr * (X @ (X.T @ w - y)) / n
        rows.append(w)
    return torch.stack(rows)


def gradient_flow(X, y, ts, w0):
    X, y, w0 = _t(X), _t(y), _t(w0)
    ts = _t(ts).reshape(-1)
    n = X.shape[1]
    # Thin SVD X = U S V^T: the flow moves only within span(U), with rates S^2 / n.
    U, S, Vh = torch.linalg.svd(X, full_matrices=False)
    rates = S ** 2 / n
    target = (Vh @ y) / S                      # U^T w_min_norm
    start = U.T @ w0
    frac = -torch.expm1(-ts[:, None] * rates[None, :])
    moved = frac * (target - start)[None, :]   # (T, n) coordinates in span(U)
    return w0[None, :] + moved @ U.T


def min_norm_solution(X, y):
    return torch.linalg.pinv(_t(X).T) @ _t(y)


def span_residual(w, X):
    w = _t(w)
    Q, _ = torch.linalg.qr(_t(X))
    return torch.linalg.vector_norm(w - Q @ (Q.T @ w))


def ntk_gram_linear(X):
    X = _t(X)
    return X.T @ X


def _per_sample_grads(X, W, a):
    """Rows: flattened df(x_i)/dW for f(x) = (1/sqrt m) sum_r a_r ReLU(w_r^T x)."""
    X, a = _t(X), _t(a)
    W = _t(W).clone().requires_grad_(True)
    m = W.shape[0]

    def f(x):
        return (a * torch.relu(W @ x)).sum() / math.sqrt(m)

    rows = []
    for i in range(X.shape[1]):
        (g,) = torch.autograd.grad(f(X[:, i]), W)
        rows.append(g.reshape(-1))
    return torch.stack(rows)


def ntk_gram_relu(X, W, a):
    J = _per_sample_grads(X, W, a)
    return J @ J.T


def ntk_gram_infinite(X):
    X = _t(X)
    G = X.T @ X
    norms = torch.linalg.vector_norm(X, dim=0)
    u = torch.clamp(G / (norms[:, None] * norms[None, :]), -1.0, 1.0)
    return G * (math.pi - torch.arccos(u)) / (2 * math.pi)


def _forward(x, Ws, bs, dtype=torch.float32):
    h = torch.as_tensor(x).to(dtype)
    pres = []
    for W, b in zip(Ws, bs):
        z = torch.as_tensor(W).to(dtype) @ h + torch.as_tensor(b).to(dtype)
        pres.append(z)
        h = torch.relu(z)
    return pres, h


def activation_pattern(x, Ws, bs):
    pres, _ = _forward(x, Ws, bs)
    return [z > 0 for z in pres]


def local_linear_map(x, Ws, bs, w_out):
    x = _t(x).clone().requires_grad_(True)
    _, h = _forward(x, Ws, bs)
    f = _t(w_out) @ h
    (a,) = torch.autograd.grad(f, x)
    # f is exactly affine on the region, so c = f(x) - a^T x.
    return a, (f - a @ x).detach()


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    # Exact walk in float64: a float32 point cannot resolve a probe 1e-9 past a breakpoint.
    x0 = torch.as_tensor(x0, dtype=torch.float64)
    x1 = torch.as_tensor(x1, dtype=torch.float64)
    if torch.equal(x0, x1):
        return 1
    Ws = [torch.as_tensor(W, dtype=torch.float64) for W in Ws]
    bs = [torch.as_tensor(b, dtype=torch.float64) for b in bs]
    direction = x1 - x0
    t, count, prev = 0.0, 0, None
    while t < 1.0:
        probe = min(t + 1e-9, (t + 1.0) / 2)
        point = x0 + probe * direction
        pattern = torch.cat([z > 0 for z in _forward(point, Ws, bs, torch.float64)[0]])
        if prev is None or not torch.equal(pattern, prev):
            count += 1
        prev = pattern
        # Pre-activations along the segment inside this region: p + t * q.
        p, q, nxt = x0, direction, 1.0
        start = 0
        for W, b in zip(Ws, bs):
            zp, zq = W @ p + b, W @ q
            mask = pattern[start:start + W.shape[0]].to(torch.float64)
            start += W.shape[0]
            ok = zq != 0
            roots = -zp[ok] / zq[ok]
            roots = roots[roots > probe]
            if roots.numel():
                nxt = min(nxt, roots.min().item())
            p, q = mask * zp, mask * zq
        t = nxt
    return count


def param_grads_homogeneous(Ws, x):
    params = [_t(W).clone().requires_grad_(True) for W in Ws]
    h = _t(x)
    for W in params[:-1]:
        h = torch.relu(W @ h)
    f = (params[-1] @ h).squeeze(0)
    return list(torch.autograd.grad(f, params))
