"""hw2 cases: one generator per student function, every input from a fixed seed.

Least squares: X has N(0, 1) entries (d x n, n <= d, full column rank), so (1/n) X X^T has
eigenvalues of order 1; step sizes are given as multiples of 1/lambda_max.

ReLU networks: W_h ~ N(0, 2/fan_in), b_h ~ 0.5 N(0, 1). Test points keep every pre-activation
at least MARGIN away from 0, so that a float32 forward pass has the same activation pattern;
segments keep every crossing at least GAP (in t) away from the ends and from each other. The
"exact zeros" cases use integer weights, so that some pre-activations are exactly 0 in any
precision (ReLU'(0) = 0: such a unit is inactive).
"""
import numpy as np

from autograder.cases import Case, rng

#: Smallest |pre-activation| at a test point of a generic network.
MARGIN = 1e-2
#: Smallest distance (in t) between two crossings of a segment, and from a crossing to an end.
GAP = 1e-3


# --------------------------------------------------------------------------- least squares


def ls_data(seed, d, n, scale=1.0):
    """(X, y, w): X of shape (d, n), y of shape (n,), w of shape (d,)."""
    r = rng(seed)
    return scale * r.normal(size=(d, n)), r.normal(size=n), r.normal(size=d)


def lambda_max(X):
    """Largest eigenvalue of (1/n) X X^T (the Lipschitz constant of grad L)."""
    return float(np.linalg.eigvalsh(X.T @ X / X.shape[1])[-1])


#: name -> (seed, d, n, scale); the first one is public.
LS = {
    "d = 8, n = 4": (0, 8, 4, 1.0),
    "d = 20, n = 10": (1, 20, 10, 1.0),
    "square, d = n = 6": (2, 6, 6, 1.0),
    "d = 40, n = 3, scaled by 3": (3, 40, 3, 3.0),
}


def ls_cases(build, names=None):
    for i, (name, (seed, d, n, scale)) in enumerate(LS.items()):
        if names is None or name in names:
            X, y, w = ls_data(seed, d, n, scale)
            yield build(name, X, y, w, public=(i == 0))


def ls_loss():
    yield from ls_cases(lambda name, X, y, w, public: Case(name, args={"w": w, "X": X, "y": y}, public=public))


def ls_grad():
    yield from ls_cases(lambda name, X, y, w, public: Case(name, args={"w": w, "X": X, "y": y}, public=public))


#: GD from 0 to its limit: this many steps of lr = 1/lambda_max.
LIMIT_STEPS = 500


def gd_iterates():
    def case(name, seed, d, n, scale, lr_lambda, steps, public=False, zero_start=False, tags=()):
        X, y, w0 = ls_data(seed, d, n, scale)
        w0 = np.zeros(d) if zero_start else w0
        return Case(name, args={"X": X, "y": y, "lr": lr_lambda / lambda_max(X), "steps": steps, "w0": w0},
                    public=public, tags=tags)

    yield case("d = 8, n = 4, lr = 0.5/lambda_max, 30 steps", *LS["d = 8, n = 4"], 0.5, 30, public=True)
    yield case("d = 20, n = 10, lr = 1/lambda_max, 100 steps", *LS["d = 20, n = 10"], 1.0, 100)
    yield case("d = 40, n = 3, lr = 1.5/lambda_max (oscillating), 60 steps", *LS["d = 40, n = 3, scaled by 3"],
               1.5, 60)
    yield case("square, from w0 = 0, lr = 1/lambda_max, 200 steps", *LS["square, d = n = 6"], 1.0, 200,
               zero_start=True)
    yield case("no steps", 4, 5, 2, 1.0, 1.0, 0)
    # From w0 = 0 (tag "from 0"): the iterates stay in the span of X and converge to the minimum-norm
    # solution (condition numbers <= 15: 500 steps of lr = 1/lambda_max converge).
    for name in ("d = 8, n = 4", "d = 40, n = 3, scaled by 3"):
        yield case(f"{name}, from w0 = 0, lr = 1/lambda_max, {LIMIT_STEPS} steps (the limit)", *LS[name], 1.0,
                   LIMIT_STEPS, zero_start=True, tags={"from 0"})


#: Times for the reference comparison: unsorted, with 0 and a repeat, up to full convergence.
FLOW_TIMES = np.array([0.0, 0.5, 0.1, 2.0, 1.0, 7.5, 30.0, 0.0, 200.0])


def gradient_flow():
    # All but the largest case are also compared with the reference's GD with a small step
    # (tag "versus GD": 1500 GD steps, stored with the expected values).
    def build(name, X, y, w, public):
        return Case(name, args={"X": X, "y": y, "ts": FLOW_TIMES / lambda_max(X), "w0": w}, public=public,
                    tags=set() if name == "d = 20, n = 10" else {"versus GD"})

    yield from ls_cases(build)


def min_norm_solution():
    yield from ls_cases(lambda name, X, y, w, public: Case(name, args={"X": X, "y": y}, public=public))
    # Small singular values: a ridge solution with a small lambda is far from the interpolant.
    X, y, _ = ls_data(5, 12, 6, 0.3)
    yield Case("d = 12, n = 6, scaled by 0.3", args={"X": X, "y": y})


def span_residual():
    # Every case also evaluates span_residual at the reference's GD iterates from 0 on y = X^T w + 1
    # (tag "GD from 0"). One case only has the residual 0 (which an answer of 0 would match).
    def case(name, key, part, public=False):
        seed, d, n, scale = LS[key]
        X, _, w = ls_data(seed, d, n, scale)
        Q, _ = np.linalg.qr(X)
        w = {"generic": w, "in the span": Q @ (Q.T @ w), "orthogonal to the span": w - Q @ (Q.T @ w)}[part]
        return Case(name, args={"w": w, "X": X}, public=public, tags={"GD from 0"})

    yield case("d = 8, n = 4, generic w", "d = 8, n = 4", "generic", public=True)
    yield case("d = 20, n = 10, generic w", "d = 20, n = 10", "generic")
    yield case("d = 40, n = 3, w in the span (residual 0)", "d = 40, n = 3, scaled by 3", "in the span")
    yield case("d = 20, n = 10, w orthogonal to the span", "d = 20, n = 10", "orthogonal to the span")


# --------------------------------------------------------------------------- NTK Gram matrices


def ntk_gram_linear():
    def case(name, seed, d, n, public=False):
        return Case(name, args={"X": rng(seed).normal(size=(d, n))}, public=public)

    yield case("d = 5, n = 4", 40, 5, 4, public=True)
    yield case("d = 10, n = 6", 41, 10, 6)
    yield case("d = n = 3", 42, 3, 3)


#: The width at which the empirical Gram must be close to the infinite-width one.
WIDE_M = 20_000


def wide_network(seed, d, n):
    """(X, W, a) for the width limit: W ~ N(0, I) rows, a = +-1, as in the infinite-width formula."""
    r = rng(seed)
    X = r.normal(size=(d, n))
    return X, r.normal(size=(WIDE_M, d)), r.choice([-1.0, 1.0], size=WIDE_M)


def ntk_gram_relu():
    def case(name, seed, d, n, m, public=False):
        r = rng(seed)
        return Case(name, args={"X": r.normal(size=(d, n)), "W": r.normal(size=(m, d)), "a": r.normal(size=m)},
                    public=public)

    yield case("d = 3, n = 3, m = 8", 50, 3, 3, 8, public=True)
    yield case("d = 5, n = 4, m = 50", 51, 5, 4, 50)
    yield case("d = 2, n = 6, m = 30 (more samples than dimensions)", 52, 2, 6, 30)
    r = rng(53)
    X = np.array([[1.0, 0.0, 1.0, -1.0], [0.0, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]])
    W = r.integers(-1, 2, size=(40, 3)).astype(np.float64)
    yield Case("exact zeros (integer W and X, some w_r^T x_i = 0)", args={"X": X, "W": W, "a": r.normal(size=40)},
               public=True)
    X, W, a = wide_network(54, 5, 4)
    yield Case(f"width m = {WIDE_M}, a = +-1, W ~ N(0, I)", args={"X": X, "W": W, "a": a}, tags={"wide"})


def ntk_gram_infinite():
    yield Case("d = 5, n = 4", args={"X": rng(60).normal(size=(5, 4))}, public=True)
    yield Case("d = 8, n = 6", args={"X": 3.0 * rng(61).normal(size=(8, 6))})
    x = rng(62).normal(size=4)
    X = np.stack([x, 2.5 * x, -x, rng(63).normal(size=4), x + 1e-3 * rng(64).normal(size=4)], axis=1)
    yield Case("parallel, antiparallel and nearly parallel columns", args={"X": X})
    yield Case("the wide case's X", args={"X": wide_network(54, 5, 4)[0]})


# --------------------------------------------------------------------------- ReLU networks


def relu_network(seed, d, widths):
    """(Ws, bs, w_out, generator): W_h ~ N(0, 2/fan_in), b_h ~ 0.5 N(0, 1), w_out ~ N(0, 1)."""
    r = rng(seed)
    Ws, bs, fan_in = [], [], d
    for m in widths:
        Ws.append(r.normal(size=(m, fan_in)) * np.sqrt(2.0 / fan_in))
        bs.append(0.5 * r.normal(size=m))
        fan_in = m
    return Ws, bs, r.normal(size=fan_in), r


def pre_activations(x, Ws, bs):
    h, out = x, []
    for W, b in zip(Ws, bs):
        z = W @ h + b
        out.append(z)
        h = np.maximum(z, 0.0)
    return out


def generic_point(r, d, Ws, bs):
    """A N(0, I) point whose pre-activations are all at least MARGIN away from 0."""
    for _ in range(1000):
        x = r.normal(size=d)
        if min(np.abs(z).min() for z in pre_activations(x, Ws, bs)) >= MARGIN:
            return x
    raise RuntimeError("no generic point found")


#: name -> (seed, d, hidden widths); the first one is public.
NETWORKS = {
    "d = 4, widths [6, 5]": (10, 4, [6, 5]),
    "d = 6, widths [8, 8, 8]": (11, 6, [8, 8, 8]),
    "d = 3, one hidden layer of 20": (12, 3, [20]),
    "d = 5, widths [16, 16, 16, 16]": (13, 5, [16, 16, 16, 16]),
}


def network_cases(with_output):
    for i, (name, (seed, d, widths)) in enumerate(NETWORKS.items()):
        Ws, bs, w_out, r = relu_network(seed, d, widths)
        args = {"x": generic_point(r, d, Ws, bs), "Ws": Ws, "bs": bs}
        if with_output:
            args["w_out"] = w_out
        yield Case(name, args=args, public=(i == 0))


def activation_pattern():
    yield from network_cases(with_output=False)
    r = rng(14)
    Ws = [r.integers(-1, 2, size=(6, 3)).astype(np.float64), r.integers(-1, 2, size=(5, 6)).astype(np.float64)]
    bs = [np.array([0.0, 1.0, -1.0, 0.0, 1.0, 0.0]), r.integers(-1, 2, size=5).astype(np.float64)]
    x = np.array([1.0, -1.0, 0.0])
    yield Case("exact zeros (integer weights, some pre-activations are exactly 0)", args={"x": x, "Ws": Ws, "bs": bs},
               public=True)


def local_linear_map():
    yield from network_cases(with_output=True)


def segment_crossings(x0, x1, Ws, bs):
    """Every t in (0, 1) where some unit's pre-activation changes sign along x0 + t (x1 - x0)."""
    dx, t, found = x1 - x0, 0.0, []
    while True:
        probe = t + 1e-9
        alpha, beta, t_next = x0, dx, 1.0
        for W, b in zip(Ws, bs):
            za, zb = W @ alpha + b, W @ beta
            with np.errstate(divide="ignore", invalid="ignore"):
                roots = -za / zb
            roots = roots[(zb != 0) & (roots > probe)]
            if roots.size:
                t_next = min(t_next, float(roots.min()))
            mask = (za + probe * zb) > 0
            alpha, beta = mask * za, mask * zb
        if t_next >= 1.0:
            return np.array(found)
        found.append(t_next)
        t = t_next


def segment_case(name, seed, d, widths, length, public=False):
    """A segment of the given length through N(0, I) x0 in a random direction, crossings GAP apart."""
    Ws, bs, w_out, r = relu_network(seed, d, widths)
    x0 = r.normal(size=d)
    u = r.normal(size=d)
    x1 = x0 + length * u / np.linalg.norm(u)
    if length:
        gaps = np.diff(np.concatenate([[0.0], segment_crossings(x0, x1, Ws, bs), [1.0]]))
        assert gaps.min() >= GAP, f"{name}: crossings {gaps.min():.2g} apart"
    else:
        x1 = x0.copy()
    return Case(name, args={"x0": x0, "x1": x1, "Ws": Ws, "bs": bs, "w_out": w_out}, public=public)


def count_pieces_on_segment():
    yield segment_case("d = 2, widths [8, 8], length 6", 20, 2, [8, 8], 6.0, public=True)
    yield segment_case("d = 3, one hidden layer of 10, length 6", 21, 3, [10], 6.0)
    yield segment_case("d = 5, widths [16, 16, 16], length 8", 24, 5, [16, 16, 16], 8.0)
    yield segment_case("x0 = x1", 23, 4, [6, 6], 0.0)
    yield segment_case("d = 2, widths [32, 32], length 12 (close crossings)", 30, 2, [32, 32], 12.0)
    yield segment_case("d = 4, widths [12, 12], length 5", 25, 4, [12, 12], 5.0)
    yield segment_case("d = 3, widths [20], length 3", 26, 3, [20], 3.0)
    yield segment_case("d = 6, widths [10, 10, 10], length 4", 27, 6, [10, 10, 10], 4.0)


# --------------------------------------------------------------------------- homogeneous networks


def homogeneous_case(name, seed, dims, public=False):
    r = rng(seed)
    for _ in range(1000):
        Ws = [r.normal(size=(dims[k + 1], dims[k])) / np.sqrt(dims[k]) for k in range(len(dims) - 1)]
        x = r.normal(size=dims[0])
        zs = pre_activations(x, Ws[:-1], [np.zeros(W.shape[0]) for W in Ws[:-1]])
        if all(np.abs(z).min() >= MARGIN for z in zs):
            return Case(name, args={"Ws": Ws, "x": x}, public=public)
    raise RuntimeError("no generic homogeneous network found")


def param_grads_homogeneous():
    yield homogeneous_case("L = 2, widths [4, 6, 1]", 30, [4, 6, 1], public=True)
    yield homogeneous_case("L = 4, widths [5, 8, 8, 8, 1]", 31, [5, 8, 8, 8, 1])
    yield homogeneous_case("L = 1 (linear)", 32, [3, 1])
    yield homogeneous_case("L = 2, wide hidden layer of 40", 33, [6, 40, 1])
    # ReLU'(0) = 0, public: integer weights and input, hidden units 1 and 3 exactly at 0.
    W1 = np.array([[1.0, 0.0, 2.0], [1.0, -1.0, 0.0], [0.0, 2.0, -1.0], [2.0, 0.0, -2.0]])
    yield Case("L = 2, two hidden units exactly at 0 (integer weights)", public=True,
               args={"Ws": [W1, np.array([[1.0, -2.0, 0.5, 3.0]])], "x": np.array([1.0, 1.0, 1.0])})
