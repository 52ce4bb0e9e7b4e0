# Bug: uses Syx^T (= E[x y^T]) in place of Syx; fails population_grads against autograd and the reference (wrong values when d_H = d_0, a shape error otherwise).
def population_grads(Ws, Sxx, Syx):
    return _grads_given_moment(Ws, end_to_end(Ws) @ Sxx - Syx.T)
