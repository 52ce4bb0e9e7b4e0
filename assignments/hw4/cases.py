"""hw4 cases: one generator per student function, every input from a fixed seed.

Data as in the handout's experiment: x ~ N(0, I_d), y = sin(X) w + eps (w ~ N(0, I_d),
eps ~ N(0, 0.1^2)); weights w_r ~ N(0, I_d) and a_r = +-1, or real-valued a for the forward
pass, the gradient and the kernel; widths from 100 to 20,000. Outside the seed experiment,
every pre-activation at every weight matrix an output is evaluated at (every iterate of a
training run included) is at least MARGIN * ||w_r|| ||x_i|| away from 0, so that float32 and
float64 agree on every activation, except in the kink cases: small integers, with
pre-activations exactly 0 in any precision (ReLU'(0) = 0: such a unit is inactive), which stay
exact in training as long as their unit does not move.

The seed experiment (reference/hw4_trusted.py: n = 10, d = 5, widths 200, 2,000 and 20,000,
200 steps) is run as it is in the handout, units at the kink and all: its cases are compared
with the reference where a unit's activation cannot change the outcome much (curves and the
displacement normwise) and are otherwise checked by orderings across widths.
"""
import numpy as np

from autograder.cases import Case, rng
from autograder.reference import reference_solution

REF = reference_solution("hw4")
EXPERIMENT = reference_solution("hw4_trusted")

#: Smallest |w_r^T x_i| / (||w_r|| ||x_i||) at generic weights.
MARGIN = 1e-3


# --------------------------------------------------------------------------- building blocks


def sine_data(r, n, d):
    X = r.normal(size=(n, d))
    w = r.normal(size=d)
    return X, np.sin(X) @ w + 0.1 * r.normal(size=n)


def unit_margins(X, W) -> np.ndarray:
    """min over i of |w_r^T x_i| / (||w_r|| ||x_i||), for each unit r."""
    Z = X @ W.T
    return np.min(np.abs(Z) / np.outer(np.linalg.norm(X, axis=1), np.linalg.norm(W, axis=1)), axis=0)


def relative_margin(X, W) -> float:
    return float(np.min(unit_margins(X, W)))


def generic_rows(r, X, m, *, around=None, scale=1.0):
    """m rows (around + scale * N(0, I), or N(0, I)) redrawn until each is MARGIN away from every kink."""
    base = np.zeros((m, X.shape[1])) if around is None else around
    W = base + scale * r.normal(size=base.shape)
    while True:
        bad = unit_margins(X, W) < MARGIN
        if not bad.any():
            return W
        W[bad] = base[bad] + scale * r.normal(size=(int(bad.sum()), X.shape[1]))


def network(seed, n, d, m, signs=False):
    """(X, y, W, a) with generic W; a = +-1 if ``signs``, else N(0, 1)."""
    r = rng(seed)
    X, y = sine_data(r, n, d)
    W = generic_rows(r, X, m)
    a = r.choice([-1.0, 1.0], size=m) if signs else r.normal(size=m)
    return X, y, W, a


def kink_network(seed, m=100):
    """(X, y, W, a): X and W of small integers (a, y real), no zero sample, and some w_r^T x_i = 0
    with w_r != 0."""
    r = rng(seed)
    X = r.integers(-2, 3, size=(4, 3)).astype(np.float64)
    W = r.integers(-1, 2, size=(m, 3)).astype(np.float64)
    assert np.all(np.any(X != 0, axis=1)) and np.any((X @ W.T == 0) & np.any(W != 0, axis=1))
    return X, r.normal(size=4), W, r.normal(size=m)


KINK = "small integers, some w_r^T x_i exactly 0 (ReLU'(0) = 0)"


def network_cases(keys, seed):
    """The forward pass, gradient and kernel cases: args are the named items of (X, y, W, a)."""
    def case(name, data, public=False):
        return Case(name, args={k: data["XyWa".index(k)] for k in keys}, public=public)

    yield case("n = 4, d = 3, m = 100, real a", network(seed, 4, 3, 100), public=True)
    yield case(KINK, kink_network(seed + 1), public=True)
    yield case("n = 10, d = 5, m = 200, a = +-1", network(seed + 2, 10, 5, 200, signs=True))
    yield case("n = 20, d = 10, m = 2,000, real a", network(seed + 3, 20, 10, 2_000))


# --------------------------------------------------------------------------- the network


def wide_forward():
    yield from network_cases("XWa", 100)


def wide_grad():
    yield from network_cases("XyWa", 110)


def empirical_ntk():
    yield from network_cases("XWa", 120)


def training_case(name, X, y, W0, a, lr, steps, public=False, generic=True, **extra):
    """A train_wide case; if ``generic``, every unit that moved is MARGIN away from every kink at
    every iterate (the units that did not move are W0's, generic or exact small integers)."""
    W = W0
    for _ in range(steps if generic else 0):
        W = W - lr * REF.wide_grad(X, y, W, a)
        moved = np.any(W != W0, axis=1)
        assert relative_margin(X, W[moved]) >= MARGIN, f"{name}: a unit nears the kink"
    return Case(name, args={"X": X, "y": y, "W0": W0, "a": a, "lr": float(lr), "steps": steps}, public=public,
                **extra)


def step_size(X, W0, a, fraction):
    return fraction / np.linalg.eigvalsh(REF.empirical_ntk(X, W0, a))[-1]


def train_wide():
    X, y, W0, a = network(181, 4, 3, 100, signs=True)
    yield training_case("n = 4, d = 3, m = 100, 10 steps", X, y, W0, a, step_size(X, W0, a, 0.9), 10, public=True)
    X, y, W0, a = kink_network(176)
    yield training_case(f"{KINK}, 2 steps", X, y, W0, a, step_size(X, W0, a, 0.5), 2, public=True)
    X, y, lr, steps, widths = EXPERIMENT.seed_experiment()
    for m in (widths[0], widths[-1]):
        W0, a = EXPERIMENT.seed_weights(m)
        # The widest run's kernel-regime check also runs the narrowest: its first units.
        yield training_case(f"the experiment at width m = {m:,}, {steps} steps", X, y, W0, a, lr, steps,
                            generic=False, tags={"kernel regime"} if m == widths[-1] else set())
    X, y, W0, a = network(132, 5, 4, 100, signs=True)
    yield training_case("no steps", X, y, W0, a, step_size(X, W0, a, 0.5), 0)


# --------------------------------------------------------------------------- a fixed kernel


def kernel_problem(seed, n, d, m):
    """(H, u0, y): the empirical kernel of a random network, its predictions and sine targets."""
    X, y, W, a = network(seed, n, d, m, signs=True)
    H = REF.empirical_ntk(X, W, a)
    lam = np.linalg.eigvalsh(H)
    assert lam[0] >= 1e-3 * lam[-1], "kernel too ill-conditioned for the handout's promise"
    return H, REF.wide_forward(X, W, a), y


def spread_kernel(seed, n, condition):
    """(H, u0, y): a random SPD H with eigenvalues from 1 down to 1/condition, random u0 and y."""
    r = rng(seed)
    Q, _ = np.linalg.qr(r.normal(size=(n, n)))
    H = Q @ np.diag(np.geomspace(1.0, 1.0 / condition, n)) @ Q.T
    return (H + H.T) / 2, r.normal(size=n), r.normal(size=n)


def lambda_max(H):
    return float(np.linalg.eigvalsh(H)[-1])


def kernel_gd():
    def case(name, problem, fraction, steps, public=False):
        H, u0, y = problem
        return Case(name, args={"H": H, "u0": u0, "y": y, "lr": fraction / lambda_max(H), "steps": steps},
                    public=public)

    yield case("n = 4, lr = 1/lambda_max, 30 steps", kernel_problem(140, 4, 3, 100), 1.0, 30, public=True)
    yield case("n = 10, lr = 0.5/lambda_max, 150 steps", kernel_problem(141, 10, 5, 2_000), 0.5, 150)
    yield case("n = 8, condition 500, lr = 1.5/lambda_max (oscillating), 60 steps", spread_kernel(142, 8, 500),
               1.5, 60)
    yield case("no steps", kernel_problem(143, 5, 4, 100), 1.0, 0)


#: Times for the reference comparison, in units of 1 / lambda_max: unsorted, 0 twice, up to 100.
FLOW_TIMES = np.array([0.0, 0.5, 0.1, 2.0, 1.0, 7.5, 30.0, 0.0, 100.0])
#: The comparison with kernel GD: lr = GD_STEP / lambda_max (the smallest positive time), steps 0, 1
#: and every GD_STRIDE-th up to GD_STEPS.
GD_STEP, GD_STEPS, GD_STRIDE = 1e-4, 30_000, 1_000


def flow_cases(versus_gd):
    def case(name, problem, public=False):
        H, u0, y = problem
        return Case(name, args={"H": H, "u0": u0, "y": y, "ts": FLOW_TIMES / lambda_max(H)}, public=public,
                    tags={"t = 0"})

    yield case("n = 4, the kernel of a width-100 network", kernel_problem(150, 4, 3, 100), public=True)
    yield case("n = 10, the kernel of a width-2,000 network", kernel_problem(151, 10, 5, 2_000))
    yield case("n = 8, condition 1,000", spread_kernel(152, 8, 1_000))
    if versus_gd:
        H, u0, y = kernel_problem(153, 6, 4, 300)
        ts = GD_STEP / lambda_max(H) * np.concatenate([[0, 1], np.arange(GD_STRIDE, GD_STEPS + 1, GD_STRIDE)])
        yield Case(f"n = 6, t = k lr for lr = {GD_STEP:g}/lambda_max", args={"H": H, "u0": u0, "y": y, "ts": ts},
                   tags={"t = 0", "versus GD"})


def kernel_flow():
    yield from flow_cases(versus_gd=True)


def flow_loss_bound():
    yield from flow_cases(versus_gd=False)


# --------------------------------------------------------------------------- how far training moves


def moved_pair(seed, n, d, m, scale):
    """(X, W0, W, a): generic W0 and W = W0 + scale N(0, I), both MARGIN away from every kink."""
    r = rng(seed)
    X, _ = sine_data(r, n, d)
    W0 = generic_rows(r, X, m)
    W = generic_rows(r, X, m, around=W0, scale=scale)
    assert np.any((X @ W0.T > 0) != (X @ W.T > 0)), "no activation changed"
    return X, W0, W, r.choice([-1.0, 1.0], size=m)


def kink_pair(seed):
    """(X, W0, W, a) of small integers where pre-activations are exactly 0 at W0 and at W, and
    counting them as active would change the answer."""
    X, _, W0, a = kink_network(seed)
    W = W0 + rng(seed + 1).integers(-1, 2, size=W0.shape)
    Z0, Z = X @ W0.T, X @ W.T
    assert np.any((Z0 == 0) != (Z == 0)) and np.any((Z0 > 0) != (Z > 0))
    return X, W0, W, a


MOVEMENT_ARGS = ("X", "W0", "W", "a")


def movement_cases(keys, seed):
    def case(name, data, public=False, tags=("compared",)):
        return Case(name, args={k: data[MOVEMENT_ARGS.index(k)] for k in keys}, public=public, tags=set(tags))

    yield case("n = 4, d = 3, m = 100, W = W0 + 0.3 N(0, I)", moved_pair(seed, 4, 3, 100, 0.3), public=True)
    yield case(KINK, kink_pair(seed + 1), public=True)
    yield case("n = 10, d = 5, m = 500, W = W0 + 0.1 N(0, I)", moved_pair(seed + 2, 10, 5, 500, 0.1))
    yield case("n = 20, d = 10, m = 1,000, W = W0 + 0.03 N(0, I)", moved_pair(seed + 3, 20, 10, 1_000, 0.03))
    X, _, _, _, widths = EXPERIMENT.seed_experiment()
    yield case(f"trained weights of the experiment at widths {', '.join(f'{m:,}' for m in widths)}",
               (X, *EXPERIMENT.seed_trained(widths[-1])), tags={"widths"})


def ntk_drift():
    yield from movement_cases(MOVEMENT_ARGS, 160)


def pattern_changes():
    yield from movement_cases(MOVEMENT_ARGS[:3], 170)
