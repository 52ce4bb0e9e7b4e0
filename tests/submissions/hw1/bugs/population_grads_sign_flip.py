# Bug: moment Syx - W_{1:H} Sxx instead of W_{1:H} Sxx - Syx (gradient of the wrong sign, ratio -1); fails population_grads against autograd and the reference.
def population_grads(Ws, Sxx, Syx):
    return _grads_given_moment(Ws, Syx - end_to_end(Ws) @ Sxx)
