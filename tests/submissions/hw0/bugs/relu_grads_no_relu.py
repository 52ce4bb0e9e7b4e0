# Bug: ignores the ReLU (gradients of the linear unit even when inactive); fails relu_grads on the inactive cases.
def relu_grads(x, y, w, b):
    r = w * x + b - y
    return r * x, r
