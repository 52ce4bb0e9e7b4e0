# Bug: 2 G U (correct only for symmetric G); fails sym_factor_grad vs autograd (non-symmetric G).
def sym_factor_grad(U, G):
    return 2 * G @ U
