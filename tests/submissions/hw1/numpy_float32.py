"""hw1, a correct submission in NumPy float32: every input is cast to float32, all the arithmetic
is done in float32, and the results are float32 arrays and NumPy float32 scalars.

The layer gradients come from prefix/suffix products (one forward and one backward sweep), and
the Hessian is assembled from Kronecker products: the Gauss-Newton part from the Jacobian
blocks A_k (x) (B_k X)^T, the second-order part from kron(G, M) with its column index pairs
swapped.
"""

import numpy as np

F = np.float32


def _c(a):
    return np.asarray(a, dtype=F)


def _sweeps(Ws):
    """prefix[k] = W_k ... W_1 (prefix[0] = I), suffix[k] = W_H ... W_{k+1} (suffix[H] = I)."""
    H = len(Ws)
    prefix = [np.eye(Ws[0].shape[1], dtype=F)]
    for W in Ws:
        prefix.append(W @ prefix[-1])
    suffix = [None] * (H + 1)
    suffix[H] = np.eye(Ws[-1].shape[0], dtype=F)
    for k in range(H - 1, -1, -1):
        suffix[k] = suffix[k + 1] @ Ws[k]
    return prefix, suffix


def end_to_end(Ws):
    return _sweeps([_c(W) for W in Ws])[0][-1]


def deep_linear_loss(Ws, X, Y):
    R = end_to_end(Ws) @ _c(X) - _c(Y)
    return F(0.5) * np.einsum("ij,ij->", R, R)


def _grads(Ws, M):
    prefix, suffix = _sweeps(Ws)
    # dL/dW_k (1-based) = suffix[k]^T M prefix[k-1]^T
    return [suffix[k + 1].T @ M @ prefix[k].T for k in range(len(Ws))]


def deep_linear_grads(Ws, X, Y):
    Ws, X, Y = [_c(W) for W in Ws], _c(X), _c(Y)
    M = (end_to_end(Ws) @ X - Y) @ X.T
    return _grads(Ws, M)


def population_grads(Ws, Sxx, Syx):
    Ws = [_c(W) for W in Ws]
    return _grads(Ws, end_to_end(Ws) @ _c(Sxx) - _c(Syx))


def is_realizable(W0, dims):
    s = np.linalg.svd(_c(W0), compute_uv=False)
    rank = int(np.count_nonzero(s > F(1e-5) * s.max())) if s.size and s.max() > 0 else 0
    return np.bool_(rank <= np.min(dims))


def train_deep_linear(Ws0, X, Y, lr, steps):
    Ws, X, Y, lr = [_c(W).copy() for W in Ws0], _c(X), _c(Y), F(lr)
    losses = np.empty(steps + 1, dtype=F)
    for t in range(steps + 1):
        losses[t] = deep_linear_loss(Ws, X, Y)
        if t == steps:
            break
        grads = deep_linear_grads(Ws, X, Y)
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
    return Ws, losses


def _swap_cols(block, rows, cols):
    """block[(a, b), (e, c)] -> block[(a, b), (c, e)] for e in range(rows), c in range(cols)."""
    n = block.shape[0]
    return block.reshape(n, rows, cols).transpose(0, 2, 1).reshape(n, rows * cols)


def loss_hessian(Ws, X, Y):
    Ws, X, Y = [_c(W) for W in Ws], _c(X), _c(Y)
    H = len(Ws)
    prefix, suffix = _sweeps(Ws)
    R = prefix[-1] @ X - Y
    # row-major vec: vec(A E B) = (A kron B^T) vec(E)
    J = np.hstack([np.kron(suffix[k + 1], (prefix[k] @ X).T) for k in range(H)])
    hess = J.T @ J
    starts = np.concatenate([[0], np.cumsum([W.size for W in Ws])])
    for k in range(H):
        for j in range(k):
            # d^2 L / dW_k[a, b] dW_j[c, e] = G[a, e] M[b, c]
            G = suffix[k + 1].T @ R @ X.T @ prefix[j].T  # (d_k, d_{j-1})
            M = np.eye(Ws[j].shape[0], dtype=F)
            for W in Ws[j + 1:k]:
                M = W @ M  # (d_{k-1}, d_j)
            block = _swap_cols(np.kron(G, M), G.shape[1], M.shape[1])
            hess[starts[k]:starts[k + 1], starts[j]:starts[j + 1]] += block
            hess[starts[j]:starts[j + 1], starts[k]:starts[k + 1]] += block.T
    return hess


def parity_labels(Xb, v):
    odd = np.mod(np.rint(_c(Xb)) @ np.rint(_c(v)), F(2))
    return (F(1) - F(2) * odd).astype(F)


def parity_gradients(W, c, a, d):
    W, c, a = _c(W), _c(c), _c(a)
    idx = np.arange(2**d)
    cube = ((idx[:, None] >> np.arange(d)[None, :]) & 1).astype(F)  # x_i and v_i
    Z = cube @ W.T + c
    T = np.tanh(Z)
    f = T @ a
    S = a * (F(1) - T * T)  # df/dc, one row per input
    chi = F(1) - F(2) * np.mod(cube @ cube.T, F(2))  # chi[v, x] = (-1)^{v.x}
    # row v: E_x (f(x) - chi_v(x)) grad f(x) = (f . grad f - chi_v . grad f) / 2^d
    resid = (f[None, :] - chi) / F(2**d)  # (2^d parities, 2^d inputs)
    gW = np.einsum("vn,nh,nd->vhd", resid, S, cube).reshape(2**d, -1)
    return np.concatenate([gW, resid @ S, resid @ T], axis=1).astype(F)


def gradient_variance(G):
    G = _c(G)
    return F(np.var(G, axis=0).sum(dtype=F))


def _sigmoid(z):
    return (F(0.5) * (F(1) + np.tanh(F(0.5) * z))).astype(F)


def sigmoid_layer_grad_norms(Ws, x, y):
    Ws, x, y = [_c(W) for W in Ws], _c(x), _c(y)
    acts = [x]
    for W in Ws[:-1]:
        acts.append(_sigmoid(W @ acts[-1]))
    delta = Ws[-1] @ acts[-1] - y
    norms = np.zeros(len(Ws), dtype=F)
    for l in range(len(Ws) - 1, -1, -1):
        # ||delta a^T||_F = ||delta|| ||a||
        norms[l] = np.linalg.norm(delta) * np.linalg.norm(acts[l])
        if l:
            delta = (Ws[l].T @ delta) * acts[l] * (F(1) - acts[l])
    return norms
