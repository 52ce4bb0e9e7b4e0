# Bug: accumulates the product in place with @= starting from Ws[-1], overwriting W_H; fails end_to_end on "does not modify its input" (argument Ws) for square layers, and raises for non-square ones.
def end_to_end(Ws):
    product = Ws[-1]
    for W in reversed(Ws[:-1]):
        product @= W
    return product
