# Bug: min over the hidden widths dims[1:-1] only (equivalent for H >= 2 since rank(W0) <= min(d_0, d_H)); fails is_realizable for H = 1 (len(dims) = 2: min() of an empty sequence raises ValueError).
def is_realizable(W0, dims):
    return bool(_numerical_rank(W0) <= min(dims[1:-1]))
