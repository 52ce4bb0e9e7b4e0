# Bug: rank(W0) < min(dims) (strict) instead of <=; fails is_realizable on the cases where the rank equals the narrowest width (e.g. full-rank W0 with no bottleneck).
def is_realizable(W0, dims):
    return bool(_numerical_rank(W0) < min(dims))
