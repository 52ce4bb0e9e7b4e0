# Bug: gates on w > 0 instead of w x + b > 0; fails relu_grads on the cases where sign(w) != sign(wx + b) (x < 0 or a large bias).
def relu_grads(x, y, w, b):
    z = w * x + b
    if w > 0:
        r = max(z, 0.0) - y
        return r * x, r
    return 0.0, 0.0
