"""hw3 cases: one generator per student function, every input from a fixed seed.

The seed experiment (``train_lnn`` and the Hessian at trained weights) is the one of the
handout: p = 10, n = 100, X ~ N(0, 1), y = sin(X) w + eps with w ~ N(0, 1) and eps ~ 0.1 N(0, 1),
a width-1 network of depth 2 to 4 with initial entries 0.3 N(0, 1), 500 full-batch GD steps at
the step size of ``SEED_LR`` (the one in grader.py). The seeds used converge well within 500
steps (the loss is flat to 1e-6 of its start by step 300), so float32 and float64 runs agree to
about 1e-5 and the end point is a minimum.

Matrices for the balanced dynamics have prescribed singular values, every nonzero one above
0.1 sigma_max, as the handout promises.
"""
import numpy as np

from autograder.cases import Case, rng
from autograder.reference import reference_solution

#: Step size of the seed experiment for each depth, and its number of steps (as in grader.py).
SEED_LR = {2: 0.1, 3: 0.08, 4: 0.06}
SEED_STEPS = 500


def seed_experiment(seed, depth):
    """(X, w, eps, y, Ws0) of the seed experiment, drawn in that order from one generator."""
    r = rng(seed)
    X = r.normal(size=(100, 10))
    w = r.normal(size=10)
    eps = 0.1 * r.normal(size=100)
    y = np.sin(X) @ w + eps
    Ws0 = [0.3 * r.normal(size=(1, 10))] + [0.3 * r.normal(size=(1, 1)) for _ in range(depth - 1)]
    return X, w, eps, y, Ws0


def network(seed, dims, n=30, scale=0.7):
    """(Ws, X, y): a random linear network with widths dims = [p, k_1, ..., 1] and random data."""
    r = rng(seed)
    X = r.normal(size=(n, dims[0]))
    y = r.normal(size=n)
    Ws = [scale * r.normal(size=(dims[i + 1], dims[i])) for i in range(len(dims) - 1)]
    return Ws, X, y


def network_case(name, seed, dims, public=False, **extra):
    Ws, X, y = network(seed, dims)
    return Case(name, args={"Ws": Ws, "X": X, "y": y}, public=public, **extra)


def orthogonal(r, d):
    Q, _ = np.linalg.qr(r.normal(size=(d, d)))
    return Q


def with_singular_values(seed, shape, singular_values):
    """(M, r): a matrix of the given shape with exactly these nonzero singular values, and the
    generator, for drawing more inputs of the same case."""
    r = rng(seed)
    k = len(singular_values)
    U, V = orthogonal(r, shape[0])[:, :k], orthogonal(r, shape[1])[:, :k]
    return U @ np.diag(singular_values) @ V.T, r


# --------------------------------------------------------------------------- SGD


def noisy_gd():
    def case(name, seed, d, T, eigenvalues, schedule, public=False):
        r = rng(seed)
        Q = orthogonal(r, d)
        A = Q @ np.diag(np.linspace(*eigenvalues, d)) @ Q.T
        A = (A + A.T) / 2
        return Case(name, args={"A": A, "b": r.normal(size=d), "w0": r.normal(size=d),
                                "xi": 0.1 * r.normal(size=(T, d)), "schedule": schedule}, public=public)

    # beta = 4: eta_t = 1/4 for t <= 3, then 1/(t+1).
    yield case("decaying, d = 5, beta = 4, T = 50", 0, 5, 50, (0.5, 4.0), "decaying", public=True)
    yield case("constant, d = 5, beta = 4, T = 50", 1, 5, 50, (0.5, 4.0), "constant")
    # beta < 1: the cap 1/beta never binds, eta_t = 1/(t+1) from t = 0.
    yield case("decaying, d = 5, beta = 0.8 < 1, T = 50", 2, 5, 50, (0.1, 0.8), "decaying")
    yield case("decaying, d = 8, beta = 10, T = 100", 3, 8, 100, (1.0, 10.0), "decaying")
    yield case("constant, d = 3, beta = 2.5, T = 20", 4, 3, 20, (0.2, 2.5), "constant")


def sgd_iteration_bound():
    def case(name, values, public=False):
        return Case(name, args=dict(zip(["beta", "f0", "fstar", "eps", "sigma"], values)), public=public)

    yield case("beta = 2, f0 - f* = 2.5, eps = 0.1, sigma = 0.7", (2.0, 3.0, 0.5, 0.1, 0.7), public=True)
    yield case("beta = 10, f0 - f* = 1, eps = 0.01, sigma = 2", (10.0, 1.0, 0.0, 0.01, 2.0))
    yield case("beta = 0.5, f0 - f* = 4, eps = 0.3, sigma = 0.25", (0.5, 5.0, 1.0, 0.3, 0.25))
    yield case("no noise (sigma = 0)", (3.0, 2.0, -1.0, 0.2, 0.0))


def sine_targets():
    for seed, public in ((0, True), (1, False), (2, False)):
        X, w, eps, _, _ = seed_experiment(seed, 2)
        yield Case(f"seed experiment data, seed {seed} (n = 100, p = 10)",
                   args={"X": X, "w": w, "eps": eps}, public=public)


# --------------------------------------------------------------------------- linear networks


def lnn_loss():
    yield network_case("depth 3, width 1", 10, [10, 1, 1, 1], public=True)
    yield network_case("depth 1", 11, [5, 1])
    yield network_case("depth 3, widths 4 and 3", 12, [10, 4, 3, 1])
    yield network_case("depth 4, width 4", 13, [6, 4, 4, 4, 1])


def lnn_grads():
    yield network_case("depth 3, width 1", 20, [10, 1, 1, 1], public=True)
    yield network_case("depth 1", 21, [5, 1])
    yield network_case("depth 3, widths 4 and 3", 22, [10, 4, 3, 1])
    yield network_case("depth 4, width 4", 23, [6, 4, 4, 4, 1])


def train_lnn():
    def case(seed, depth, public=False):
        X, _, _, y, Ws0 = seed_experiment(seed, depth)
        return Case(f"seed experiment, depth {depth}, seed {seed}, {SEED_STEPS} steps",
                    args={"Ws0": Ws0, "X": X, "y": y, "lr": SEED_LR[depth], "steps": SEED_STEPS}, public=public)

    yield case(0, 3, public=True)
    yield case(1, 2)
    yield case(2, 4)
    yield case(3, 3)
    yield case(5, 4)


def lnn_hessian():
    """Tag "trained": the initial weights of the seed experiment; the check "minimum at the trained
    weights" trains them with the student's train_lnn, then takes the student's Hessian there."""

    def trained(seed, depth, public=False):
        X, _, _, y, Ws0 = seed_experiment(seed, depth)
        return Case(f"seed experiment, depth {depth}, seed {seed}, at the initial and at the trained weights",
                    args={"Ws": Ws0, "X": X, "y": y}, public=public, tags={"trained"})

    yield network_case("depth 2, width 1", 30, [10, 1, 1], public=True)
    yield trained(0, 2, public=True)
    yield network_case("depth 3, widths 3 and 2", 31, [5, 3, 2, 1])
    yield network_case("depth 4, width 3", 32, [4, 3, 3, 3, 1])
    yield trained(3, 4)


def extreme_eigenvalues():
    def symmetric(seed, d, shift=0.0):
        M = rng(seed).normal(size=(d, d))
        return (M + M.T) / 2 + shift * np.eye(d)

    def hessian(seed, dims):
        """The Hessian of lnn_loss at a random point (indefinite there), made exactly symmetric."""
        H = reference_solution("hw3").lnn_hessian(*network(seed, dims))
        return (H + H.T) / 2

    yield Case("symmetric 6 x 6", args={"H": symmetric(40, 6)}, public=True)
    yield Case("symmetric 12 x 12", args={"H": symmetric(41, 12)})
    yield Case("an indefinite lnn Hessian", args={"H": hessian(42, [5, 3, 2, 1])})
    yield Case("negative definite 8 x 8", args={"H": symmetric(43, 8, shift=-6.0)})


# --------------------------------------------------------------------------- balanced dynamics


def balanced_factors():
    def case(name, seed, d, singular_values, N, public=False):
        W, _ = with_singular_values(seed, (d, d), singular_values)
        return Case(name, args={"W": W, "N": N}, public=public)

    yield case("4 x 4, full rank, N = 3", 50, 4, [2.0, 1.5, 1.0, 0.5], 3, public=True)
    yield case("6 x 6, rank 4, N = 4", 51, 6, [2.0, 1.2, 0.6, 0.3], 4)
    yield case("5 x 5, rank 1, N = 2", 52, 5, [1.0], 2)
    yield case("5 x 5, full rank, N = 5", 53, 5, [3.0, 2.0, 1.0, 0.5, 0.4], 5)
    yield case("4 x 4, full rank, N = 1", 54, 4, [1.0, 0.8, 0.5, 0.3], 1)
    yield Case("3 x 3 zero matrix, N = 3", args={"W": np.zeros((3, 3)), "N": 3})


def end_to_end_step():
    """Tag "balanced": square W, where the check "layer-wise GD step" compares the step with one GD
    step of the layers from the student's balanced_factors(W, N). Only cases with N <= 4 or full
    rank: without the (advised, not required) threshold in balanced_factors, float32 rounding-level
    singular values raised to the power 2/N would show at N = 8."""

    def case(name, seed, shape, singular_values, N, lr=0.05, public=False, balanced=False):
        W, r = with_singular_values(seed, shape, singular_values)
        tags = {"balanced"} if balanced else set()
        return Case(name, args={"W": W, "G": r.normal(size=shape), "N": N, "lr": lr}, public=public, tags=tags)

    yield case("4 x 4, full rank, N = 3", 60, (4, 4), [2.0, 1.5, 1.0, 0.5], 3, public=True, balanced=True)
    yield case("3 x 5, rank 3, N = 4", 61, (3, 5), [2.0, 1.0, 0.5], 4)
    yield case("5 x 5, rank 3, N = 3", 62, (5, 5), [2.0, 1.0, 0.4], 3, balanced=True)
    yield case("4 x 4, N = 1", 63, (4, 4), [1.0, 0.8, 0.5, 0.3], 1, balanced=True)
    yield case("6 x 3, N = 2", 64, (6, 3), [1.5, 1.0, 0.5], 2)
    yield case("6 x 3, N = 6", 65, (6, 3), [1.5, 1.0, 0.5], 6)
    yield case("6 x 6, rank 3, N = 8", 66, (6, 6), [2.0, 1.0, 0.5], 8, public=True)  # the threshold shows
    yield case("5 x 5, full rank, N = 5", 67, (5, 5), [3.0, 2.0, 1.0, 0.5, 0.4], 5, lr=0.01, balanced=True)


def end_to_end_step_vector():
    def case(name, seed, d, N, scale, public=False):
        r = rng(seed)
        return Case(name, args={"w": scale * r.normal(size=(1, d)), "g": r.normal(size=(1, d)), "N": N, "lr": 0.05},
                    public=public)

    yield case("d = 5, N = 3", 70, 5, 3, 1.0, public=True)
    yield case("d = 8, N = 2, small w", 71, 8, 2, 0.3)
    yield case("d = 6, N = 4, large w", 72, 6, 4, 2.0)
    yield case("d = 3, N = 1", 73, 3, 1, 1.0)


def sym_factor_grad():
    def case(name, seed, d, r, public=False):
        g = rng(seed)
        return Case(name, args={"U": g.normal(size=(d, r)), "G": g.normal(size=(d, d))}, public=public)

    yield case("U 5 x 2, G non-symmetric", 80, 5, 2, public=True)
    yield case("U 6 x 6", 81, 6, 6)
    yield case("U 8 x 3", 82, 8, 3)


def sym_factor_velocity():
    def case(name, seed, d, r, public=False):
        g = rng(seed)
        return Case(name, args={"U": g.normal(size=(d, r)), "G": g.normal(size=(d, d))}, public=public)

    yield case("U 5 x 2, G non-symmetric", 90, 5, 2, public=True)
    yield case("U 6 x 6", 91, 6, 6)
    yield case("U 8 x 3", 92, 8, 3)
