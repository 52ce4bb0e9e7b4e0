# Bug: denominator eps^2 + eps*sigma (missing the 2 in 2*eps*sigma); fails sgd_iteration_bound vs reference (sigma > 0).
def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    return 2 * beta * (f0 - fstar) / (eps**2 + eps * sigma)
