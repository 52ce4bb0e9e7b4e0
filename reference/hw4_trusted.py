"""Trusted computations for hw4's graders besides the reference solution (never shipped to students).

* Float64 autograd of L (PyTorch, ``torch.relu``, whose derivative at 0 is 0) and the empirical
  kernel as J J^T, J the Jacobian of u with respect to vec(W), for the checks named "autograd"
  and "J J^T".
* The reference's outputs that checks compare with or build on: the displacement W - W0 of
  training, kernel GD at the times of a flow, ||u(t) - y||^2 along the kernel flow.
* The seed experiment: its data, its initial weights (every width is the first m units of the
  widest network) and the reference's trained weights at each width, for the kernel-regime
  cases and their checks.
"""

from functools import lru_cache

import numpy as np

from autograder.cases import rng
from autograder.reference import reference_solution

REF = reference_solution("hw4")


# --------------------------------------------------------------------------- autograd


def _network(X, W, a):
    """(u as a function of a float64 torch W, W as a leaf)."""
    import torch

    X, a = torch.tensor(X, dtype=torch.float64), torch.tensor(a, dtype=torch.float64)
    scale = float(np.sqrt(W.shape[0]))
    return (lambda weights: torch.relu(X @ weights.T) @ a / scale), torch.tensor(W, dtype=torch.float64)


def wide_grad(X, y, W, a):
    """dL/dW of L = 1/2 ||u - y||^2 by autograd."""
    import torch

    forward, weights = _network(X, W, a)
    weights.requires_grad_(True)
    residual = forward(weights) - torch.tensor(y, dtype=torch.float64)
    (gradient,) = torch.autograd.grad(0.5 * (residual**2).sum(), weights)
    return gradient.numpy()


def empirical_ntk(X, W, a):
    """J J^T with J = du/dvec(W) of shape (n, m d), by autograd."""
    import torch

    forward, weights = _network(X, W, a)
    J = torch.autograd.functional.jacobian(forward, weights).reshape(X.shape[0], -1)
    return (J @ J.T).numpy()


# --------------------------------------------------------------------------- the reference's outputs


def displacement(X, y, W0, a, lr, steps):
    """The reference's W - W0 (W itself barely moves at large width)."""
    return REF.train_wide(X, y, W0, a, lr, steps)[0] - W0


def gd_at_times(H, u0, y, ts):
    """The reference's kernel GD with lr = the smallest positive time, at step t / lr for each t in ts."""
    lr = float(np.min(ts[ts > 0]))
    steps = np.rint(ts / lr).astype(int)
    assert np.allclose(steps * lr, ts, rtol=1e-9, atol=0), "times must be multiples of the smallest one"
    return REF.kernel_gd(H, u0, y, lr, int(steps.max()))[steps]


def flow_losses(H, u0, y, ts):
    """||u(t) - y||^2 on the reference's kernel flow."""
    return np.sum((REF.kernel_flow(H, u0, y, ts) - y) ** 2, axis=1)


# --------------------------------------------------------------------------- the seed experiment

#: The seed experiment: n samples in d dimensions, the widths it is run at, its steps.
SEED, N, D = 40, 10, 5
WIDTHS = (200, 2_000, 20_000)
STEPS = 200
#: The step size is LR_FRACTION / lambda_max(H(W0)), the largest lambda_max over the widths.
LR_FRACTION = 0.5


def seed_data():
    """(X, y): x ~ N(0, I_d), y = sin(X) w + eps with w ~ N(0, I_d), eps ~ N(0, 0.1^2)."""
    r = rng(SEED)
    X = r.normal(size=(N, D))
    w = r.normal(size=D)
    return X, np.sin(X) @ w + 0.1 * r.normal(size=N)


def seed_weights(m):
    """(W0, a) at width m: the first m units of the widest network, w_r ~ N(0, I_d), a_r = +-1."""
    r = rng(SEED + 1)
    W0, a = r.normal(size=(WIDTHS[-1], D)), r.choice([-1.0, 1.0], size=WIDTHS[-1])
    return W0[:m], a[:m]


@lru_cache(maxsize=None)
def seed_lr():
    X, _ = seed_data()
    return LR_FRACTION / max(np.linalg.eigvalsh(REF.empirical_ntk(X, *seed_weights(m)))[-1] for m in WIDTHS)


def seed_experiment():
    """(X, y, lr, steps, widths) of the seed experiment."""
    return (*seed_data(), seed_lr(), STEPS, WIDTHS)


@lru_cache(maxsize=None)
def seed_trained(m):
    """(W0, W, a): the reference's weights after STEPS steps at width m."""
    X, y = seed_data()
    W0, a = seed_weights(m)
    return W0, REF.train_wide(X, y, W0, a, seed_lr(), STEPS)[0], a


def narrower_trained(X, W0, *_):
    """[(m, W0, W, a)] of the seed experiment at every width m below W0's, which must be its widest run."""
    assert np.array_equal(X, seed_data()[0]) and W0.shape[0] == WIDTHS[-1], "not the seed experiment"
    return [(m, *seed_trained(m)) for m in WIDTHS[:-1]]


def kernel_regime_runs(X, y, W0, a, lr, steps):
    """[(m, kernel GD predictions from u(W0) with H = H(W0))] at the narrowest width and at W0's,
    the network at width m being the first m units of W0's."""
    runs = []
    for m in (WIDTHS[0], W0.shape[0]):
        H, u0 = REF.empirical_ntk(X, W0[:m], a[:m]), REF.wide_forward(X, W0[:m], a[:m])
        runs.append((m, REF.kernel_gd(H, u0, y, lr, steps)))
    return runs
