"""hw0 cases: one generator per student function, every input from a fixed seed.

Least-squares matrices F are built with prescribed singular values (condition number 1e3 and
1e4), so that gradient descent runs on a genuinely ill-conditioned problem. The ReLU cases cover
every sign of x and w on active units, and one pre-activation exactly 0 (ReLU'(0) = 0). The
training cases keep every pre-activation met during the run at least 4e-4 away from 0 (checked
by ``min_preactivation`` below), so that float32 and float64 runs switch the same units on, but
for one public case that starts a unit exactly at its kink.
"""
import numpy as np

from autograder.cases import Case, rng


def with_singular_values(seed, n, singular_values):
    """An (n, d) matrix whose singular values are exactly ``singular_values``."""
    r = rng(seed)
    d = len(singular_values)
    U, _ = np.linalg.qr(r.normal(size=(n, d)))
    V, _ = np.linalg.qr(r.normal(size=(d, d)))
    return U @ np.diag(singular_values) @ V.T


def sigma_max(F) -> float:
    return float(np.linalg.norm(F, 2))


# --------------------------------------------------------------------------- vector calculus


def grad_inner():
    def case(name, seed, n, public=False):
        r = rng(seed)
        return Case(name, args={"x": r.normal(size=n), "c": r.normal(size=n)}, public=public)

    yield case("n = 5", 0, 5, public=True)
    yield case("n = 1", 1, 1)
    yield case("n = 50", 2, 50)


def grad_sqnorm():
    def case(name, seed, n, public=False):
        return Case(name, args={"x": rng(seed).normal(size=n)}, public=public)

    yield case("n = 5", 10, 5, public=True)
    yield case("n = 1", 11, 1)
    yield case("n = 50", 12, 50)


def jacobian_linear():
    def case(name, seed, m, n, public=False):
        r = rng(seed)
        return Case(name, args={"A": r.normal(size=(m, n)), "x": r.normal(size=n)}, public=public)

    yield case("A of shape (3, 5)", 20, 3, 5, public=True)
    yield case("A of shape (5, 3)", 21, 5, 3)
    yield case("A of shape (4, 4)", 22, 4, 4)


def grad_quadratic():
    def case(name, seed, n, symmetric=False, public=False):
        r = rng(seed)
        A = r.normal(size=(n, n))
        if symmetric:
            A = (A + A.T) / 2
        return Case(name, args={"A": A, "x": r.normal(size=n)}, public=public)

    yield case("non-symmetric A, n = 4", 30, 4, public=True)
    yield case("symmetric A, n = 6", 31, 6, symmetric=True)
    yield case("non-symmetric A, n = 10", 32, 10)


# --------------------------------------------------------------------------- ridge regression


def ridge_data(seed, n, d):
    """(X, y, Gamma) with Gamma = G / sqrt(d) + I: invertible and not symmetric."""
    r = rng(seed)
    X = r.normal(size=(n, d))
    y = X @ r.normal(size=d) + 0.5 * r.normal(size=n)
    Gamma = r.normal(size=(d, d)) / np.sqrt(d) + np.eye(d)
    return X, y, Gamma


RIDGE_SIZES = [("n = 20, d = 4", 40, 20, 4, True), ("n = 50, d = 8", 41, 50, 8, False),
               ("n = 5 < d = 10", 42, 5, 10, False)]


def augment():
    for name, seed, n, d, public in RIDGE_SIZES:
        X, y, Gamma = ridge_data(seed, n, d)
        yield Case(name, args={"X": X, "y": y, "Gamma": Gamma}, public=public)


def ridge_closed_form():
    for name, seed, n, d, public in RIDGE_SIZES:
        X, y, Gamma = ridge_data(seed + 10, n, d)
        if public:
            name, Sigma_inv = name + ", Sigma_inv = 0.5 I", 0.5 * np.eye(d)
        else:
            G = rng(seed + 20).normal(size=(d, d)) / np.sqrt(d)
            name, Sigma_inv = name + ", Sigma_inv = G^T G + 0.1 I", G.T @ G + 0.1 * np.eye(d)
        yield Case(name, args={"X": X, "y": y, "Sigma_inv": Sigma_inv}, public=public)


def ridge_via_augmentation():
    for name, seed, n, d, public in RIDGE_SIZES:
        X, y, Gamma = ridge_data(seed + 20, n, d)
        yield Case(name, args={"X": X, "y": y, "Gamma": Gamma}, public=public)


# --------------------------------------------------------------------------- gradient descent


def gd_least_squares():
    """Tag "stable": eta <= max_stable_step(F), where the norm bound of the iterates holds."""

    def case(name, seed, n, d, condition, step_fraction, steps, public=False):
        F = with_singular_values(seed, n, 3.0 * np.logspace(0, -np.log10(condition), d))
        r = rng(seed + 1000)
        eta = step_fraction * 2.0 / sigma_max(F) ** 2
        return Case(name, args={"F": F, "y": r.normal(size=n), "eta": eta, "steps": steps,
                                "w0": r.normal(size=d)}, public=public, tags={"stable"})

    yield case("20 x 5, condition 1e3, eta = 0.9 max, 50 steps", 70, 20, 5, 1e3, 0.9, 50, public=True)
    yield case("50 x 10, condition 1e3, eta = max, 50 steps", 71, 50, 10, 1e3, 1.0, 50)
    yield case("30 x 8, condition 1e4, eta = 0.5 max, 200 steps", 72, 30, 8, 1e4, 0.5, 200)
    yield case("0 steps", 73, 10, 3, 1e3, 0.5, 0)


def max_stable_step():
    yield Case("20 x 5", args={"F": rng(80).normal(size=(20, 5))}, public=True)
    yield Case("50 x 10, condition 1e3", args={"F": with_singular_values(81, 50, 3.0 * np.logspace(0, -3, 10))})
    yield Case("3 x 7 (wide)", args={"F": rng(82).normal(size=(3, 7))})


# --------------------------------------------------------------------------- ReLU units


def elbows():
    def case(name, seed, k, public=False):
        r = rng(seed)
        w = r.choice([-1.0, 1.0], size=k) * r.uniform(0.3, 2.0, size=k)  # |w| bounded away from 0
        return Case(name, args={"w": w, "b": r.normal(size=k)}, public=public)

    yield case("k = 4", 90, 4, public=True)
    yield case("k = 1", 91, 1)
    yield case("k = 10", 92, 10)


#: (name, x, y, w, b, public, tag): every sign of x and of w on active units, and one unit at
#: w x + b = 0 exactly (in float32 too: w x and w x + b are exact in binary), which is inactive.
#: An inactive unit has zero gradients and takes no step, which an answer of zeros (or of the
#: weights unchanged) would match: one such case only, hidden.
RELU_POINTS = [
    ("active, x > 0, w > 0", 1.5, 0.5, 0.8, 0.4, True, "active"),
    ("active, x < 0, w < 0", -0.7, 1.0, -1.3, 0.2, False, "active"),
    ("active, x > 0, w < 0", 1.5, -1.0, -1.3, 2.5, False, "active"),
    ("active, x < 0, w > 0", -0.5, 0.2, 0.6, 1.0, False, "active"),
    ("active, x < 0, w < 0, output below y", -1.5, 2.0, -0.4, -0.2, False, "active"),
    ("w x + b = 0 exactly, x > 0", 2.0, 0.7, 0.5, -1.0, False, "zero"),
]


def relu_grads():
    for name, x, y, w, b, public, tag in RELU_POINTS:
        tags = {tag, "inactive"} if tag == "zero" else {tag}  # at w x + b = 0 the unit is inactive
        yield Case(name, args={"x": x, "y": y, "w": w, "b": b}, public=public, tags=tags)


def relu_sgd_step():
    for (name, x, y, w, b, public, tag), lr in zip(RELU_POINTS, [0.1, 0.5, 0.25, 0.3, 0.2, 0.4]):
        yield Case(f"{name}, lr = {lr:g}", args={"x": x, "y": y, "w": w, "b": b, "lr": lr}, public=public,
                   tags={tag})


def relu_training_data(seed, n, k):
    r = rng(seed)
    x = np.sort(r.uniform(-2.0, 2.0, size=n))
    y = np.sin(2.0 * x) + 0.1 * r.normal(size=n)
    return x, y, r.normal(size=k), r.normal(size=k), r.normal(size=k) / np.sqrt(k)


#: (name, seed, n, k, lr, epochs, public)
TRAINING_RUNS = [
    ("n = 8, k = 4, 30 epochs", 100, 8, 4, 0.05, 30, True),
    ("n = 16, k = 8, 50 epochs", 201, 16, 8, 0.02, 50, False),
    ("n = 20, k = 6, 100 epochs", 111, 20, 6, 0.03, 100, False),
    ("0 epochs", 103, 6, 3, 0.05, 0, False),
]


def train_relu_1d():
    for name, seed, n, k, lr, epochs, public in TRAINING_RUNS:
        x, y, w, b, v = relu_training_data(seed, n, k)
        yield Case(name, args={"x": x, "y": y, "w": w, "b": b, "v": v, "lr": lr, "epochs": epochs}, public=public)
    # The kink, public: unit 0 at exactly w x + b = 0 on the first sample (x = -2, w = 0.5, b = 1,
    # exact in float32 too), so it takes no step there (ReLU'(0) = 0); every other pre-activation
    # of the run stays clear of 0.
    x, y, w, b, v = relu_training_data(302, 8, 4)
    x[0], w[0], b[0] = -2.0, 0.5, 1.0
    yield Case("n = 8, k = 4, 30 epochs, unit 0 exactly at its kink on sample 0",
               args={"x": x, "y": y, "w": w, "b": b, "v": v, "lr": 0.05, "epochs": 30}, public=True)


def min_preactivation(x, y, w, b, v, lr, epochs):
    """The smallest |w_i x_j + b_i| met by SGD (at the start and after every epoch), for choosing
    seeds; pre-activations exactly 0 at the start are left out (the kink case: exact in float32 too)."""
    w, b, v = w.copy(), b.copy(), v.copy()
    start = np.abs(np.outer(x, w) + b)
    smallest = np.min(start[start > 0])
    for _ in range(epochs):
        for xj, yj in zip(x, y):
            z = w * xj + b
            h = np.maximum(z, 0.0)
            r = h @ v - yj
            g = r * v * (z > 0)
            w, b, v = w - lr * g * xj, b - lr * g, v - lr * r * h
        smallest = min(smallest, np.min(np.abs(np.outer(x, w) + b)))
    return float(smallest)
