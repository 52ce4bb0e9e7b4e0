# Bug: forgets the chain-rule factor x in dL/dw; fails relu_grads on active cases with x != 1 (notably x < 0).
def relu_grads(x, y, w, b):
    z = w * x + b
    if z > 0:
        return z - y, z - y
    return 0.0, 0.0
