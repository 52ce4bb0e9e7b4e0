# Bug: updates w first, then computes b's gradient at the new w; fails relu_sgd_step against the reference on active cases with x != 0.
def relu_sgd_step(x, y, w, b, lr):
    dw, _ = relu_grads(x, y, w, b)
    w_new = w - lr * dw
    _, db = relu_grads(x, y, w_new, b)
    return w_new, b - lr * db
