# Bug: multiplies first layer on the left, W_1 W_2 ... W_H instead of W_H ... W_1; fails end_to_end against the reference (wrong values for square layers, a shape error otherwise; H = 1 passes).
def end_to_end(Ws):
    product = Ws[0]
    for W in Ws[1:]:
        product = product @ W
    return product
