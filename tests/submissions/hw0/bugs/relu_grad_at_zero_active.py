# Bug: treats the unit as active at pre-activation 0 (uses >= 0, ReLU'(0) = 1); fails relu_grads on the z = 0 case (x != 0, y != 0).
def relu_grads(x, y, w, b):
    z = w * x + b
    if z >= 0:
        r = max(z, 0.0) - y
        return r * x, r
    return 0.0, 0.0
