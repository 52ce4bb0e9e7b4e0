# Bug: -G U U^T - U U^T G^T (uses G instead of G + G^T); fails sym_factor_velocity vs reference (ratio 1/2 for symmetric G, wrong for non-symmetric).
def sym_factor_velocity(U, G):
    return -G @ U @ U.T - U @ U.T @ G.T
