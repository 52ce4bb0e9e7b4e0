# Bug: G U instead of (G + G^T) U; fails sym_factor_grad vs autograd (non-symmetric G).
def sym_factor_grad(U, G):
    return G @ U
