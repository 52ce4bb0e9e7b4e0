"""hw2, a correct submission in NumPy float32.

count_pieces_on_segment uses a different algorithm from a breakpoint walk: sample the
segment, then bisect every sub-interval whose end patterns differ. Each activation region is
convex (with the pattern fixed, every pre-activation is affine in the input), so equal
patterns at both ends of a sub-interval mean no crossing inside it.
"""

import numpy as np

F = np.float32


def _f(a):
    return np.asarray(a, dtype=F)


def ls_loss(w, X, y):
    r = _f(X).T @ _f(w) - _f(y)
    return F(0.5) * np.mean(r * r)


def ls_grad(w, X, y):
    X = _f(X)
    return X @ (X.T @ _f(w) - _f(y)) / F(X.shape[1])


def gd_iterates(X, y, lr, steps, w0):
    X, y = _f(X), _f(y)
    XXt, Xy = X @ X.T / F(X.shape[1]), X @ y / F(X.shape[1])
    out = np.zeros((steps + 1, X.shape[0]), dtype=F)
    out[0] = _f(w0)
    for k in range(steps):
        out[k + 1] = out[k] - F(lr) * (XXt @ out[k] - Xy)
    return out


def gradient_flow(X, y, ts, w0):
    X, y, w0 = _f(X), _f(y), _f(w0)
    n = X.shape[1]
    lam, V = np.linalg.eigh(X @ X.T / F(n))
    # X has full column rank: exactly its n largest eigenvalues are positive.
    lam, V = lam[-n:], V[:, -n:]
    coef_target = V.T @ (X @ y) / F(n) / lam
    coef_start = V.T @ w0
    ts = _f(ts).reshape(-1, 1)
    coefs = coef_start + (coef_target - coef_start) * -np.expm1(-ts * lam)
    null_part = w0 - V @ coef_start
    return null_part[None, :] + coefs @ V.T


def min_norm_solution(X, y):
    X = _f(X)
    return np.linalg.pinv(X.T) @ _f(y)


def span_residual(w, X):
    w = _f(w)
    X = _f(X)
    coef = np.linalg.lstsq(X, w, rcond=None)[0]
    return F(np.linalg.norm(w - X @ coef))


def ntk_gram_linear(X):
    X = _f(X)
    return np.einsum("ki,kj->ij", X, X)


def ntk_gram_relu(X, W, a):
    X, W, a = _f(X), _f(W), _f(a)
    m = W.shape[0]
    # Per-sample gradients df(x_i)/dW = a_r 1[w_r.x_i > 0] x_i / sqrt(m), summed in closed form.
    gate = (W @ X > 0) * (a[:, None] / np.sqrt(F(m)))        # (m, n)
    return (gate.T @ gate) * (X.T @ X)


def ntk_gram_infinite(X):
    X = _f(X)
    unit = X / np.linalg.norm(X, axis=0, keepdims=True)
    theta = np.arccos(np.clip(unit.T @ unit, -1, 1))
    return (X.T @ X) * (F(np.pi) - theta) / F(2 * np.pi)


def _patterns(points, Ws, bs):
    """Concatenated activation patterns of a batch of points (rows), shape (k, sum m_h)."""
    h = _f(points)
    cols = []
    for W, b in zip(Ws, bs):
        z = h @ _f(W).T + _f(b)
        cols.append(z > 0)
        h = np.maximum(z, F(0))
    return np.concatenate(cols, axis=1)


def activation_pattern(x, Ws, bs):
    flat = _patterns(_f(x)[None, :], Ws, bs)[0]
    sizes = np.cumsum([len(b) for b in bs])[:-1]
    return np.split(flat, sizes)


def local_linear_map(x, Ws, bs, w_out):
    masks = activation_pattern(x, Ws, bs)
    # Backward: a^T = w_out^T D_H W_H ... D_1 W_1; c collects each bias pushed forward.
    row = _f(w_out)
    c = F(0)
    for W, b, mask in reversed(list(zip(Ws, bs, masks))):
        row = row * mask
        c = c + row @ _f(b)
        row = row @ _f(W)
    return row, float(c)


def count_pieces_on_segment(x0, x1, Ws, bs, w_out, grid=65, tol=2e-7):
    x0, x1 = np.asarray(x0, dtype=np.float64), np.asarray(x1, dtype=np.float64)
    if np.array_equal(x0, x1):
        return 1

    def pat(t):
        return _patterns((x0 + t * (x1 - x0))[None, :], Ws, bs)[0]

    def boundaries(ta, tb, pa, pb):
        if np.array_equal(pa, pb):
            return 0
        if tb - ta < tol:
            return 1
        tm = 0.5 * (ta + tb)
        pm = pat(tm)
        return boundaries(ta, tm, pa, pm) + boundaries(tm, tb, pm, pb)

    ts = np.linspace(0.0, 1.0, grid)
    pats = _patterns(x0[None, :] + ts[:, None] * (x1 - x0)[None, :], Ws, bs)
    return 1 + sum(boundaries(ts[k], ts[k + 1], pats[k], pats[k + 1]) for k in range(grid - 1))


def param_grads_homogeneous(Ws, x):
    Ws = [_f(W) for W in Ws]
    acts = [_f(x)]
    for W in Ws[:-1]:
        acts.append(np.maximum(W @ acts[-1], F(0)))
    grads = []
    back = np.ones((1,), dtype=F)
    for l in range(len(Ws) - 1, -1, -1):
        grads.append(np.outer(back, acts[l]))
        back = (Ws[l].T @ back) * (acts[l] > 0)
    return grads[::-1]
