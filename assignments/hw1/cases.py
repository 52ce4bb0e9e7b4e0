"""hw1 cases: one generator per student function, every input from a fixed seed.

Networks are scaled (W_k ~ N(0, 1/d_{k-1})) and data normalised (X ~ N(0, 1/m)) so that every
quantity is of order 1 and gradient descent stays far from the chaotic regime, where float32
and float64 trajectories part.
"""
import numpy as np

from autograder.cases import Case, rng


def layers(seed, dims, scale=1.0):
    r = rng(seed)
    return [scale * r.normal(size=(dims[k + 1], dims[k])) / np.sqrt(dims[k]) for k in range(len(dims) - 1)]


def data(seed, dims, m):
    r = rng(seed)
    return r.normal(size=(dims[0], m)) / np.sqrt(m), r.normal(size=(dims[-1], m))


def network_case(name, seed, dims, m=8, public=False, **extra):
    X, Y = data(seed + 1, dims, m)
    return Case(name, args={"Ws": layers(seed, dims), "X": X, "Y": Y}, public=public, **extra)


def with_singular_values(seed, shape, singular_values):
    """A matrix of the given shape with exactly the given singular values (zeros for the rest)."""
    r = rng(seed)
    U, _ = np.linalg.qr(r.normal(size=(shape[0], shape[0])))
    V, _ = np.linalg.qr(r.normal(size=(shape[1], shape[1])))
    S = np.zeros(shape)
    S[: len(singular_values), : len(singular_values)] = np.diag(singular_values)
    return U @ S @ V.T


# --------------------------------------------------------------------------- products and losses


def end_to_end():
    yield Case("depth 2", args={"Ws": layers(101, [4, 3, 2])}, public=True)
    yield Case("depth 1", args={"Ws": layers(102, [3, 5])})
    yield Case("depth 5 with a bottleneck", args={"Ws": layers(103, [4, 5, 2, 5, 3, 4])})


def deep_linear_loss():
    yield network_case("depth 2", 111, [3, 4, 2], public=True)
    yield network_case("depth 1", 112, [4, 3], m=6)
    yield network_case("depth 4 with a bottleneck", 113, [5, 4, 1, 3, 2], m=10)


def deep_linear_grads():
    yield network_case("depth 2", 121, [3, 4, 2], public=True)
    yield network_case("depth 1", 122, [4, 3], m=6)
    yield network_case("depth 3 with a bottleneck", 123, [5, 2, 4, 3])
    yield network_case("depth 4", 124, [3, 4, 4, 4, 2], m=12)
    yield network_case("depth 5 with a bottleneck", 125, [4, 5, 1, 3, 4, 2])


def population_case(name, seed, dims, public=False):
    r = rng(seed + 1)
    A = r.normal(size=(dims[0], dims[0] + 2))
    Sxx = A @ A.T / (dims[0] + 2)
    return Case(name, args={"Ws": layers(seed, dims), "Sxx": Sxx, "Syx": r.normal(size=(dims[-1], dims[0]))},
                public=public)


def population_grads():
    yield population_case("depth 2", 131, [3, 4, 2], public=True)
    yield population_case("depth 1", 132, [4, 2])
    yield population_case("depth 3 with a bottleneck", 133, [5, 2, 4, 3])
    yield population_case("depth 5", 134, [3, 4, 3, 4, 3, 2])


def is_realizable():
    # Each case with rank(W0) >= 2 (tag "boundary") also asks about the same W0 through a
    # bottleneck on the other side of its rank, so that a constant answer fails it. The zero
    # matrix (realizable through any widths) is the one case a constant True matches.
    def case(name, seed, dims, singular_values, public=False):
        W0 = with_singular_values(seed, (dims[-1], dims[0]), singular_values)
        return Case(name, args={"W0": W0, "dims": dims}, public=public,
                    tags={"boundary"} if len(singular_values) >= 2 else set())

    yield case("full rank, wide layers", 141, [4, 5, 6, 3], [2.0, 1.0, 0.5], public=True)
    yield case("one layer, full rank", 142, [4, 3], [1.0, 0.7, 0.3])
    yield case("rank 2 through a width-2 bottleneck", 143, [5, 6, 2, 4], [1.5, 0.4])
    yield case("rank 3 through a width-2 bottleneck", 144, [5, 6, 2, 4], [1.5, 0.6, 0.2])
    yield case("rank 2 through width 1", 145, [3, 1, 3], [0.8, 0.3])
    yield case("zero matrix through width 1", 146, [3, 1, 3], [])
    yield case("rank 4 through hidden width 3", 147, [6, 8, 3, 8, 5], [1.0, 0.9, 0.5, 0.15])
    yield case("rank 3 at scale 1e-6 through width 2", 148, [4, 2, 3], [3e-6, 2e-6, 1e-6], public=True)


# --------------------------------------------------------------------------- training and Hessians


def train_deep_linear():
    def case(name, seed, dims, lr, steps, m=10, public=False):
        X, Y = data(seed + 1, dims, m)
        return Case(name, args={"Ws0": layers(seed, dims), "X": X, "Y": Y, "lr": lr, "steps": steps},
                    public=public)

    yield case("depth 2, 60 steps", 151, [3, 4, 2], lr=0.1, steps=60, public=True)
    yield case("depth 1, 40 steps", 152, [4, 3], lr=0.2, steps=40)
    yield case("depth 3 with a bottleneck, 200 steps", 153, [4, 2, 3, 3], lr=0.05, steps=200)
    yield case("depth 4, 300 steps", 154, [3, 3, 4, 3, 2], lr=0.05, steps=300, m=12)
    yield case("no steps", 155, [3, 2, 2], lr=0.1, steps=0)


def loss_hessian():
    def at_zero(name, seed, dims, tag):
        X, Y = data(seed + 1, dims, 6)
        Ws = [np.zeros_like(W) for W in layers(seed, dims)]
        return Case(name, args={"Ws": Ws, "X": X, "Y": Y}, tags={tag})

    yield network_case("depth 2 at a random point", 161, [3, 2, 2], m=6, public=True)
    yield network_case("depth 1", 162, [3, 2], m=5)
    yield network_case("depth 3 at a random point", 163, [2, 3, 2, 2], m=6)
    yield network_case("depth 2 with a bottleneck", 166, [3, 1, 3], m=5)
    yield network_case("depth 4 at a random point", 167, [2, 2, 3, 2, 2], m=4)
    yield at_zero("depth 2 at 0 (a saddle)", 164, [3, 2, 2], "saddle")
    yield at_zero("depth 3 at 0 (Hessian exactly 0)", 165, [2, 2, 3, 2], "zero")


# --------------------------------------------------------------------------- parities and sigmoids


def parity_labels():
    def case(name, seed, n, d, v=None, public=False):
        r = rng(seed)
        Xb = r.integers(0, 2, size=(n, d)).astype(np.float64)
        v = r.integers(0, 2, size=d).astype(np.float64) if v is None else v
        return Case(name, args={"Xb": Xb, "v": v}, public=public)

    yield case("d = 3", 171, 8, 3, public=True)
    yield case("d = 5", 172, 20, 5)
    yield case("v = 0 (all labels +1)", 173, 10, 6, v=np.zeros(6))
    yield case("v = all ones", 174, 16, 4, v=np.ones(4))


def parity_network(seed, d, h):
    """Arguments (W, c, a, d) of a small tanh network on {0,1}^d."""
    r = rng(seed)
    return r.normal(size=(h, d)) / np.sqrt(d), 0.5 * r.normal(size=h), r.normal(size=h) / 2, d


def parity_case(name, seed, d, h, public=False):
    return Case(name, args=dict(zip("Wcad", parity_network(seed, d, h))), public=public)


def parity_gradients():
    yield parity_case("d = 2, 3 hidden units", 181, 2, 3, public=True)
    yield parity_case("d = 3, 4 hidden units", 182, 3, 4)
    yield parity_case("d = 5, 4 hidden units", 183, 5, 4)
    yield parity_case("d = 6, 2 hidden units", 184, 6, 2)


#: The dimensions over which the variance of parity gradients must decay.
DECAY_DIMENSIONS = range(2, 9)


def gradient_variance():
    r = rng(191)
    yield Case("a 5 x 7 matrix", args={"G": r.normal(size=(5, 7))}, public=True, tags={"given"})
    yield Case("bound and decay for d = 2..8", public=True, tags={"decay"},
               args={"networks": [parity_network(1900 + d, d, 4) for d in DECAY_DIMENSIONS]})
    yield Case("a 16 x 10 matrix", args={"G": 3.0 + r.normal(size=(16, 10))}, tags={"given"})
    yield Case("two rows", args={"G": r.normal(size=(2, 4))}, tags={"given"})


def sigmoid_layer_grad_norms():
    def case(name, seed, dims, public=False):
        r = rng(seed + 1)
        return Case(name, args={"Ws": layers(seed, dims, scale=2.0), "x": r.normal(size=dims[0]),
                                "y": r.normal(size=dims[-1])}, public=public)

    yield case("two layers", 201, [3, 4, 2], public=True)
    yield case("one layer", 202, [3, 2])
    yield case("three layers", 203, [4, 5, 3, 2])
    yield case("four layers", 204, [3, 6, 4, 4, 1])
