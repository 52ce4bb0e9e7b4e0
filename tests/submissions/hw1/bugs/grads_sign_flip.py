# Bug: residual Y - W_{1:H} X instead of W_{1:H} X - Y (gradient of the wrong sign, ratio -1); fails deep_linear_grads against autograd and the reference.
def deep_linear_grads(Ws, X, Y):
    return _grads_given_moment(Ws, (Y - end_to_end(Ws) @ X) @ X.T)
