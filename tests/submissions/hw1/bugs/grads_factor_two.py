# Bug: differentiates ||W_{1:H} X - Y||^2 without the 1/2 (every gradient doubled, ratio 2); fails deep_linear_grads against autograd and the reference.
def deep_linear_grads(Ws, X, Y):
    return [2.0 * G for G in _grads_given_moment(Ws, (end_to_end(Ws) @ X - Y) @ X.T)]
