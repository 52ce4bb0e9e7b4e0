# Bug: residual y - f instead of f - y (gradient of the wrong sign); fails relu_grads on the active cases (ratio -1).
def relu_grads(x, y, w, b):
    z = w * x + b
    if z > 0:
        r = y - z
        return r * x, r
    return 0.0, 0.0
