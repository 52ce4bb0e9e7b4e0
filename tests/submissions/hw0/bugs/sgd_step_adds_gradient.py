# Bug: w + lr * grad (ascent); fails relu_sgd_step against the reference on the active cases.
def relu_sgd_step(x, y, w, b, lr):
    dw, db = relu_grads(x, y, w, b)
    return w + lr * dw, b + lr * db
