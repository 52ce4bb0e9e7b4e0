# Bug: right factor W_{1:k-1} instead of W_{1:k-1}^T; fails deep_linear_grads against autograd for k >= 2 (wrong values when d_{k-1} = d_0, a shape error otherwise; H = 1 and layer 1 pass).
def deep_linear_grads(Ws, X, Y):
    above, below = _factors(Ws)
    moment = (end_to_end(Ws) @ X - Y) @ X.T
    return [a.T @ moment @ b for a, b in zip(above, below)]
