# Bug: assumes whitened inputs, W_{1:H} - Syx instead of W_{1:H} Sxx - Syx; fails population_grads against autograd and the reference (Sxx != I).
def population_grads(Ws, Sxx, Syx):
    return _grads_given_moment(Ws, end_to_end(Ws) - Syx)
