"""Reference solution for hw2: gradient flow, implicit bias and the geometry of ReLU networks.

Float64 NumPy throughout. X is (d, n) with columns as samples, L(w) = (1/2n)||X^T w - y||^2.
ReLU networks: x_h = ReLU(W_h x_{h-1} + b_h), f(x) = w_out^T x_H; a unit is active iff its
pre-activation is strictly positive (ReLU'(0) = 0).
"""

import numpy as np


def _f64(a):
    return np.asarray(a, dtype=np.float64)


# --------------------------------------------------------------------------- least squares


def ls_loss(w, X, y):
    """L(w) = (1/2n)||X^T w - y||^2 as a float."""
    X, w, y = _f64(X), _f64(w), _f64(y)
    r = X.T @ w - y
    return float(r @ r / (2 * X.shape[1]))


def ls_grad(w, X, y):
    """(1/n) X (X^T w - y), shape (d,)."""
    X, w, y = _f64(X), _f64(w), _f64(y)
    return X @ (X.T @ w - y) / X.shape[1]


def gd_iterates(X, y, lr, steps, w0):
    """Iterates w_{k+1} = w_k - lr * grad L(w_k), shape (steps+1, d), row 0 = w0."""
    X, y, w = _f64(X), _f64(y), _f64(w0).copy()
    n = X.shape[1]
    out = np.empty((int(steps) + 1, w.shape[0]))
    out[0] = w
    for k in range(int(steps)):
        w = w - lr * (X @ (X.T @ w - y)) / n
        out[k + 1] = w
    return out


def gradient_flow(X, y, ts, w0):
    """Exact solution of dw/dt = -grad L(w), w(0) = w0, at each t in ts; shape (len(ts), d).

    With (1/n)XX^T = V diag(lam) V^T, each eigen-component with lam > 0 relaxes
    exponentially to that of the minimum-norm solution; null-space components stay fixed.
    """
    X, y, w0 = _f64(X), _f64(y), _f64(w0)
    ts = _f64(ts).reshape(-1)
    n = X.shape[1]
    lam, V = np.linalg.eigh(X @ X.T / n)
    pos = lam > lam.max() * max(X.shape) * np.finfo(np.float64).eps
    lam, V = lam[pos], V[:, pos]
    u_star = (V.T @ (X @ y) / n) / lam          # range components of the minimiser
    gap = u_star - V.T @ w0                    # distance still to travel, per component
    decay = -np.expm1(-np.outer(ts, lam))       # 1 - exp(-lam t), shape (len(ts), r)
    return w0[None, :] + (decay * gap[None, :]) @ V.T


def min_norm_solution(X, y):
    """Minimum-norm w with X^T w = y, i.e. X (X^T X)^{-1} y, shape (d,) (via the SVD)."""
    X, y = _f64(X), _f64(y)
    return np.linalg.lstsq(X.T, y, rcond=None)[0]


def span_residual(w, X):
    """||w - P_X w||_2 with P_X the orthogonal projector onto the column span of X, a float."""
    X, w = _f64(X), _f64(w)
    Q, _ = np.linalg.qr(X)
    return float(np.linalg.norm(w - Q @ (Q.T @ w)))


# --------------------------------------------------------------------------- NTK Gram matrices


def ntk_gram_linear(X):
    """H = X^T X, shape (n, n)."""
    X = _f64(X)
    return X.T @ X


def ntk_gram_relu(X, W, a):
    """Empirical NTK Gram w.r.t. W of f(x) = (1/sqrt m) sum_r a_r ReLU(w_r^T x), shape (n, n).

    H_ij = (1/m) sum_r a_r^2 1[w_r^T x_i > 0] 1[w_r^T x_j > 0] x_i^T x_j.
    """
    X, W, a = _f64(X), _f64(W), _f64(a)
    m = W.shape[0]
    act = (W @ X > 0).astype(np.float64)        # (m, n)
    counts = act.T @ (act * (a ** 2)[:, None])  # (n, n)
    return counts * (X.T @ X) / m


def ntk_gram_infinite(X):
    """Infinite-width limit H_ij = x_i^T x_j (pi - arccos(cos_ij)) / (2 pi), shape (n, n).

    The angle arccos(cos_ij) is computed as 2 atan2(|u_i - u_j|, |u_i + u_j|) for unit columns
    u: the same value, but accurate for (nearly) parallel columns, where arccos is not.
    """
    X = _f64(X)
    U = X / np.linalg.norm(X, axis=0)
    half = np.linalg.norm(U[:, :, None] - U[:, None, :], axis=0)
    full = np.linalg.norm(U[:, :, None] + U[:, None, :], axis=0)
    theta = 2.0 * np.arctan2(half, full)
    return (X.T @ X) * (np.pi - theta) / (2 * np.pi)


# --------------------------------------------------------------------------- ReLU geometry


def _pre_activations(x, Ws, bs):
    """Pre-activations of every hidden layer at x, a list of 1-D arrays."""
    h = _f64(x)
    pres = []
    for W, b in zip(Ws, bs):
        z = _f64(W) @ h + _f64(b)
        pres.append(z)
        h = np.maximum(z, 0.0)
    return pres


def activation_pattern(x, Ws, bs):
    """List of H boolean arrays, the h-th of shape (m_h,): pre-activation > 0."""
    return _pattern(x, Ws, bs)


def _pattern(x, Ws, bs):
    return [z > 0 for z in _pre_activations(x, Ws, bs)]


def local_linear_map(x, Ws, bs, w_out):
    """(a, c) with f(z) = a^T z + c on the activation region of x; a shape (d,), c a float."""
    x = _f64(x)
    A = np.eye(x.shape[0])         # x_h = A z + c on the region
    c = np.zeros(x.shape[0])
    for W, b, mask in zip(Ws, bs, _pattern(x, Ws, bs)):
        W, b = _f64(W), _f64(b)
        A = mask[:, None] * (W @ A)
        c = mask * (W @ c + b)
    w_out = _f64(w_out)
    return w_out @ A, float(w_out @ c)


def _affine_along_segment(x0, dx, Ws, bs, masks):
    """Pre-activations alpha + t*beta of every layer along x0 + t*dx with fixed masks."""
    alpha, beta = x0, dx
    out = []
    for W, b, mask in zip(Ws, bs, masks):
        za, zb = W @ alpha + b, W @ beta
        out.append((za, zb))
        alpha, beta = mask * za, mask * zb
    return out


def count_pieces_on_segment(x0, x1, Ws, bs, w_out):
    """Number of activation regions the segment [x0, x1] crosses along positive length, an int.

    Walks the segment: inside a region every pre-activation is affine in t, so the next
    breakpoint is the smallest root beyond the current position; step just past it, repeat.
    """
    x0, x1 = _f64(x0), _f64(x1)
    if np.array_equal(x0, x1):
        return 1
    Ws, bs = [_f64(W) for W in Ws], [_f64(b) for b in bs]
    dx = x1 - x0
    step = 1e-9                 # graded crossings are > 1e-6 apart and from the ends
    t, pieces, last = 0.0, 0, None
    while t < 1.0:
        probe = min(t + step, 0.5 * (t + 1.0))
        masks = _pattern(x0 + probe * dx, Ws, bs)
        key = tuple(np.concatenate(masks).tolist())
        if key != last:
            pieces += 1
            last = key
        t_next = 1.0
        for za, zb in _affine_along_segment(x0, dx, Ws, bs, masks):
            with np.errstate(divide="ignore", invalid="ignore"):
                roots = -za / zb
            roots = roots[(zb != 0) & (roots > probe)]
            if roots.size:
                t_next = min(t_next, float(roots.min()))
        t = t_next
    return pieces


# --------------------------------------------------------------------------- homogeneous networks


def param_grads_homogeneous(Ws, x):
    """Gradients df/dW_l of f(x) = W_L ReLU(W_{L-1} ... ReLU(W_1 x)), same shapes as Ws."""
    Ws = [_f64(W) for W in Ws]
    hs, zs = [_f64(x)], []
    for W in Ws[:-1]:
        zs.append(W @ hs[-1])
        hs.append(np.maximum(zs[-1], 0.0))
    delta = np.ones(1)                          # df / d(output), output shape (1,)
    grads = [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        grads[l] = np.outer(delta, hs[l])
        if l > 0:
            delta = (Ws[l].T @ delta) * (zs[l - 1] > 0)
    return grads
