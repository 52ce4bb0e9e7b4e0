# Bug: returns the updates -lr * grad instead of the new parameters; fails relu_sgd_step against the reference.
def relu_sgd_step(x, y, w, b, lr):
    dw, db = relu_grads(x, y, w, b)
    return -lr * dw, -lr * db
