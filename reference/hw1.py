"""Reference solution of hw1: deep linear networks and the loss landscape (float64 NumPy).

No public function calls another: shared work goes through private helpers, so that a test
submission made of this file with one function replaced breaks that function only.
"""
import numpy as np


def _chain(Ws, start, stop, dim):
    """W_{stop-1} ... W_start (0-based, first layer first); the identity of size dim if empty."""
    product = np.eye(dim)
    for W in Ws[start:stop]:
        product = W @ product
    return product


def _factors(Ws):
    """For each layer k: (the product of the layers above it, the product of those below it)."""
    H = len(Ws)
    above = [_chain(Ws, k + 1, H, Ws[k].shape[0]) for k in range(H)]
    below = [_chain(Ws, 0, k, Ws[0].shape[1]) for k in range(H)]
    return above, below


def _product(Ws):
    return _chain(Ws, 0, len(Ws), Ws[0].shape[1])


def _loss(Ws, X, Y):
    return 0.5 * float(np.sum((_product(Ws) @ X - Y) ** 2))


def end_to_end(Ws):
    """W_H ... W_1, shape (d_H, d_0)."""
    return _product(Ws)


def deep_linear_loss(Ws, X, Y):
    """L = 1/2 ||W_H ... W_1 X - Y||_F^2."""
    return _loss(Ws, X, Y)


def _grads_given_moment(Ws, moment):
    """dL/dW_k = W_{k+1:H}^T moment W_{1:k-1}^T, with moment = dL/dW_{1:H}."""
    above, below = _factors(Ws)
    return [a.T @ moment @ b.T for a, b in zip(above, below)]


def _grads(Ws, X, Y):
    return _grads_given_moment(Ws, (_product(Ws) @ X - Y) @ X.T)


def deep_linear_grads(Ws, X, Y):
    """[dL/dW_1, ..., dL/dW_H] for L = 1/2 ||W_{1:H} X - Y||_F^2."""
    return _grads(Ws, X, Y)


def population_grads(Ws, Sxx, Syx):
    """[dL/dW_k] for L = 1/2 E||y - W_{1:H} x||^2, from Sxx = E[x x^T] and Syx = E[y x^T]."""
    return _grads_given_moment(Ws, _product(Ws) @ Sxx - Syx)


def _numerical_rank(W0):
    s = np.linalg.svd(W0, compute_uv=False)
    return 0 if s.size == 0 or s[0] == 0 else int(np.sum(s > 1e-5 * s[0]))


def is_realizable(W0, dims):
    """Whether some network with widths dims has end-to-end matrix W0: rank(W0) <= min(dims)."""
    return bool(_numerical_rank(W0) <= min(dims))


def train_deep_linear(Ws0, X, Y, lr, steps):
    """Full-batch gradient descent: (final Ws, losses of shape (steps + 1,)), losses[t] at iterate t."""
    Ws = [W.copy() for W in Ws0]
    losses = [_loss(Ws, X, Y)]
    for _ in range(steps):
        grads = _grads(Ws, X, Y)
        Ws = [W - lr * G for W, G in zip(Ws, grads)]
        losses.append(_loss(Ws, X, Y))
    return Ws, np.array(losses)


def loss_hessian(Ws, X, Y):
    """Hessian of L w.r.t. vec(W_1, ..., W_H) (row-major per layer), shape (P, P).

    L = 1/2 ||A||^2 with A = W_{1:H} X - Y. The Hessian is J^T J (J the Jacobian of vec A) plus,
    for layers j < k, the term <A, W_{k+1:H} dW_k W_{j+1:k-1} dW_j W_{1:j-1} X> and its transpose.
    """
    H = len(Ws)
    above, below = _factors(Ws)
    residual = _product(Ws) @ X - Y
    J = np.hstack([np.einsum("ia,bs->isab", above[k], below[k] @ X).reshape(residual.size, -1) for k in range(H)])
    hessian = J.T @ J
    offsets = np.cumsum([0] + [W.size for W in Ws])
    for k in range(H):
        for j in range(k):
            G = above[k].T @ residual @ X.T @ below[j].T  # (d_k, d_{j-1})
            middle = _chain(Ws, j + 1, k, Ws[j].shape[0])  # (d_{k-1}, d_j)
            block = np.einsum("ae,bc->abce", G, middle).reshape(Ws[k].size, Ws[j].size)
            hessian[offsets[k]:offsets[k + 1], offsets[j]:offsets[j + 1]] += block
            hessian[offsets[j]:offsets[j + 1], offsets[k]:offsets[k + 1]] += block.T
    return hessian


def _parities(Xb, v):
    return 1.0 - 2.0 * ((Xb @ v).astype(np.int64) % 2)


def parity_labels(Xb, v):
    """(-1)^(Xb v), shape (n,)."""
    return _parities(Xb, v)


def _all_inputs(d):
    """Every x in {0,1}^d, one per row."""
    return np.array([[(i >> j) & 1 for j in range(d)] for i in range(2**d)], dtype=np.float64)


def _model_grads(W, c, a, inputs):
    """f(x) = a^T tanh(Wx + c) at each input row and its gradient w.r.t. p = vec(W, c, a)."""
    hidden = np.tanh(inputs @ W.T + c)  # (N, h)
    outputs = hidden @ a
    dz = a * (1.0 - hidden**2)  # df/dz, (N, h)
    dW = np.einsum("nh,nd->nhd", dz, inputs).reshape(len(inputs), -1)
    return outputs, np.hstack([dW, dz, hidden])


def parity_gradients(W, c, a, d):
    """Row i: the gradient of R_{v_i}(p) = E_x 1/2 (f(x) - (-1)^{v_i . x})^2, (v_i)_j = (i >> j) & 1."""
    inputs = _all_inputs(d)
    outputs, grads = _model_grads(W, c, a, inputs)
    labels = np.array([_parities(inputs, v) for v in _all_inputs(d)])  # (2^d vs, 2^d xs)
    return (outputs[None, :] - labels) @ grads / 2**d


def gradient_variance(G):
    """Mean over rows of ||G_v - mean_v G||^2."""
    centred = G - G.mean(axis=0)
    return float(np.mean(np.sum(centred**2, axis=1)))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_layer_grad_norms(Ws, x, y):
    """||dl/dW_l||_F for f(x) = W_L s(W_{L-1} ... s(W_1 x)), l = 1/2 ||f(x) - y||^2; shape (L,)."""
    activations = [x]
    for W in Ws[:-1]:
        activations.append(_sigmoid(W @ activations[-1]))
    delta = Ws[-1] @ activations[-1] - y
    norms = []
    for layer in range(len(Ws) - 1, -1, -1):
        norms.append(np.linalg.norm(np.outer(delta, activations[layer])))
        if layer:
            h = activations[layer]
            delta = (Ws[layer].T @ delta) * h * (1.0 - h)
    return np.array(norms[::-1])
