# Bug: gradient of the mean loss 1/(2m)||W_{1:H} X - Y||^2 (every gradient divided by m); fails deep_linear_grads against autograd and the reference (m > 1).
def deep_linear_grads(Ws, X, Y):
    m = X.shape[1]
    return _grads_given_moment(Ws, (end_to_end(Ws) @ X - Y) @ X.T / m)
