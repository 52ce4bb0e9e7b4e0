"""hw1, a correct submission written with explicit Python loops (over layers, samples, parities
and the 2^d inputs), using NumPy only for small matrix products and the SVD. It returns lists
of arrays, NumPy arrays and Python floats/bools.

The Hessian is built one column at a time: column (k, a, b) is the exact directional derivative
of every layer's gradient when W_k moves along the unit matrix E_ab (product rule applied to
dL/dW_j = W_{j+1:H}^T R X^T W_{1:j-1}^T), so no finite differences are involved.
"""

import math

import numpy as np


def _f64(a):
    return np.array(a, dtype=np.float64)


def _prod(Ws, lo, hi, dim):
    """W_{hi-1} ... W_lo for 0-based layer indices lo <= hi; the identity of size dim if empty."""
    out = np.eye(dim)
    k = lo
    while k < hi:
        out = Ws[k] @ out
        k += 1
    return out


def end_to_end(Ws):
    Ws = [_f64(W) for W in Ws]
    return _prod(Ws, 0, len(Ws), Ws[0].shape[1])


def deep_linear_loss(Ws, X, Y):
    X, Y = _f64(X), _f64(Y)
    E = end_to_end(Ws)
    total = 0.0
    for s in range(X.shape[1]):  # one sample (column) at a time
        r = E @ X[:, s] - Y[:, s]
        for value in r:
            total += value * value
    return 0.5 * total


def _moment_grads(Ws, M):
    """dL/dW_k = (W_H ... W_{k+1})^T M (W_{k-1} ... W_1)^T for every k."""
    H = len(Ws)
    d0 = Ws[0].shape[1]
    grads = []
    for k in range(H):
        above = _prod(Ws, k + 1, H, Ws[k].shape[0])
        below = _prod(Ws, 0, k, d0)
        grads.append(above.T @ M @ below.T)
    return grads


def deep_linear_grads(Ws, X, Y):
    Ws, X, Y = [_f64(W) for W in Ws], _f64(X), _f64(Y)
    E = end_to_end(Ws)
    M = np.zeros(E.shape)
    for s in range(X.shape[1]):  # sum over samples of r_s x_s^T
        x = X[:, s]
        r = E @ x - Y[:, s]
        M += np.outer(r, x)
    return _moment_grads(Ws, M)


def population_grads(Ws, Sxx, Syx):
    Ws = [_f64(W) for W in Ws]
    return _moment_grads(Ws, end_to_end(Ws) @ _f64(Sxx) - _f64(Syx))


def is_realizable(W0, dims):
    s = np.linalg.svd(_f64(W0), compute_uv=False)
    top = 0.0
    for value in s:
        top = max(top, float(value))
    rank = 0
    for value in s:
        if top > 0.0 and value > 1e-5 * top:
            rank += 1
    smallest = dims[0]
    for width in dims:
        smallest = min(smallest, width)
    return rank <= smallest


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws = [_f64(W) for W in Ws0]  # copies
    losses = [deep_linear_loss(Ws, X, Y)]
    for _ in range(steps):
        grads = deep_linear_grads(Ws, X, Y)
        new = []
        for k in range(len(Ws)):
            new.append(Ws[k] - lr * grads[k])
        Ws = new
        losses.append(deep_linear_loss(Ws, X, Y))
    return Ws, np.array(losses)


def loss_hessian(Ws, X, Y):
    Ws, X, Y = [_f64(W) for W in Ws], _f64(X), _f64(Y)
    H = len(Ws)
    d0 = Ws[0].shape[1]
    R = end_to_end(Ws) @ X - Y
    sizes = [W.size for W in Ws]
    offsets = [0]
    for n in sizes:
        offsets.append(offsets[-1] + n)
    P = offsets[-1]
    above = [_prod(Ws, k + 1, H, Ws[k].shape[0]) for k in range(H)]
    below = [_prod(Ws, 0, k, d0) for k in range(H)]
    hessian = np.zeros((P, P))
    for k in range(H):
        rows, cols = Ws[k].shape
        for a in range(rows):
            for b in range(cols):
                E = np.zeros((rows, cols))
                E[a, b] = 1.0
                dR = above[k] @ E @ below[k] @ X  # derivative of the residual
                column = []
                for j in range(H):
                    dG = above[j].T @ dR @ X.T @ below[j].T
                    if k > j:  # W_k sits inside W_{j+1:H}
                        d_above = above[k] @ E @ _prod(Ws, j + 1, k, Ws[j].shape[0])
                        dG = dG + d_above.T @ R @ X.T @ below[j].T
                    if k < j:  # W_k sits inside W_{1:j-1}
                        d_below = _prod(Ws, k + 1, j, Ws[k].shape[0]) @ E @ below[k]
                        dG = dG + above[j].T @ R @ X.T @ d_below.T
                    column.append(dG.reshape(-1))
                hessian[:, offsets[k] + a * cols + b] = np.concatenate(column)
    return hessian


def parity_labels(Xb, v):
    out = []
    for row in Xb:
        s = 0
        for xi, vi in zip(row, v):
            s += int(round(xi)) * int(round(vi))
        out.append(1.0 if s % 2 == 0 else -1.0)
    return np.array(out)


def parity_gradients(W, c, a, d):
    W, c, a = _f64(W), _f64(c), _f64(a)
    h = W.shape[0]
    N = 2**d
    xs = [[(i >> j) & 1 for j in range(d)] for i in range(N)]
    # the model value and its parameter gradient at every input
    values, grads = [], []
    for x in xs:
        xv = np.array(x, dtype=np.float64)
        hidden = [math.tanh(float(W[u] @ xv) + c[u]) for u in range(h)]
        f = 0.0
        gW = np.zeros((h, d))
        gc = np.zeros(h)
        ga = np.zeros(h)
        for u in range(h):
            f += a[u] * hidden[u]
            gc[u] = a[u] * (1.0 - hidden[u] ** 2)
            gW[u] = gc[u] * xv
            ga[u] = hidden[u]
        values.append(f)
        grads.append(np.concatenate([gW.reshape(-1), gc, ga]))
    G = np.zeros((N, h * d + 2 * h))
    for i in range(N):  # parity v_i
        v = xs[i]
        row = np.zeros(h * d + 2 * h)
        for n in range(N):
            s = 0
            for j in range(d):
                s += v[j] * xs[n][j]
            label = 1.0 if s % 2 == 0 else -1.0
            row += (values[n] - label) * grads[n]
        G[i] = row / N
    return G


def gradient_variance(G):
    G = _f64(G)
    N, P = G.shape
    mean = [0.0] * P
    for r in range(N):
        for q in range(P):
            mean[q] += G[r, q] / N
    total = 0.0
    for r in range(N):
        for q in range(P):
            diff = G[r, q] - mean[q]
            total += diff * diff
    return total / N


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def sigmoid_layer_grad_norms(Ws, x, y):
    Ws, x, y = [_f64(W) for W in Ws], _f64(x), _f64(y)
    L = len(Ws)
    acts = [x]
    for l in range(L - 1):
        z = Ws[l] @ acts[-1]
        acts.append(np.array([_sigmoid(float(zi)) for zi in z]))
    delta = Ws[-1] @ acts[-1] - y  # dl/d(pre-activation of layer l)
    norms = [0.0] * L
    for l in range(L - 1, -1, -1):
        sq = 0.0
        for i in range(len(delta)):
            for j in range(len(acts[l])):
                g = delta[i] * acts[l][j]
                sq += g * g
        norms[l] = math.sqrt(sq)
        if l > 0:
            back = Ws[l].T @ delta
            delta = np.array([back[j] * acts[l][j] * (1.0 - acts[l][j]) for j in range(len(back))])
    return np.array(norms)
