# Bug: only -(G + G^T) U U^T, the U U^T (G + G^T) term dropped (not symmetric); fails sym_factor_velocity vs reference.
def sym_factor_velocity(U, G):
    return -(G + G.T) @ U @ U.T
