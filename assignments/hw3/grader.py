"""hw3 checks: against the reference, against autograd (float64 torch), and theory's properties.

Property checks run on the student's own outputs, with NumPy only in the trusted process:

* ``lnn_hessian``, "minimum at the trained weights": train the seed experiment's network with the
  student's ``train_lnn``, take the student's ``lnn_hessian`` there; its eigenvalues must satisfy
  lambda_min >= -1e-6 lambda_max.
* ``balanced_factors`` by properties only (the answer is not unique): the product, balancedness
  W_{j+1}^T W_{j+1} = W_j W_j^T, and W_{1:j}^T W_{1:j} = (W^T W)^{j/N} for every j.
* ``end_to_end_step``, "layer-wise GD step": one gradient step on l(W) = <G, W> taken layer by
  layer from the student's balanced factors moves the product by the student's end-to-end step,
  up to O(lr^2); checked at two small step sizes.
* ``sym_factor_velocity`` is symmetric.
"""
import math

import numpy as np

from autograder.checks import Check, Function, matches
from autograder.compare import Measurement, Tolerance, describe
from autograder.reference import reference_solution
from autograder.wire import Leaf

REF = reference_solution("hw3")

#: The seed experiment's step size for each depth and its number of steps (as in cases.py).
SEED_LR = {2: 0.1, 3: 0.08, 4: 0.06}
SEED_STEPS = 500

#: The larger of the two step sizes of the layer-wise check (the other is half of it).
LAYERWISE_LR = 1e-4

#: Eigenvalues below this fraction of the largest count as 0 in fractional powers (as in the handout).
EIG_THRESHOLD = 1e-5


# --------------------------------------------------------------------------- trusted autograd


def _leaf(a):
    import torch

    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def autograd_lnn_grads(Ws, X, y):
    import torch

    layers = [_leaf(W) for W in Ws]
    product = layers[0]
    for W in layers[1:]:
        product = W @ product
    residual = (torch.tensor(X) @ product.T)[:, 0] - torch.tensor(y)
    loss = 0.5 * (residual**2).mean()
    return [g.numpy() for g in torch.autograd.grad(loss, layers)]


def autograd_sym_factor_grad(U, G):
    import torch

    Ut = _leaf(U)
    (gradient,) = torch.autograd.grad((torch.tensor(G) * (Ut @ Ut.T)).sum(), Ut)
    return gradient.numpy()


# --------------------------------------------------------------------------- helpers (NumPy only)


def _product(mats, size):
    """M_k ... M_1 for mats = [M_1, ..., M_k]; the identity of order ``size`` if empty."""
    out = np.eye(size)
    for M in mats:
        out = M @ out
    return out


def _psd_power(M, a):
    """M^a for a symmetric PSD M by eigendecomposition, eigenvalues below EIG_THRESHOLD * max as 0."""
    lam, Q = np.linalg.eigh((M + M.T) / 2)
    top = lam.max()
    keep = lam >= EIG_THRESHOLD * top if top > 0 else np.zeros(lam.shape, dtype=bool)
    return (Q * np.where(keep, np.clip(lam, 0.0, None), 0.0) ** a) @ Q.T


def _layers(ctx, value, shapes, path):
    """The student's list of matrices as float64 arrays of the given shapes, or a Mismatch."""
    if not isinstance(value, (list, tuple)):
        ctx.fail(f"{path}: expected a list of {len(shapes)} arrays, got {describe(value)}.")
    if len(value) != len(shapes):
        ctx.fail(f"{path}: expected a list of {len(shapes)} arrays, got {len(value)} items.")
    return [ctx.array(v, shape, path=f"{path}[{j}]") for j, (v, shape) in enumerate(zip(value, shapes))]


# --------------------------------------------------------------------------- the Hessian at a minimum


def hessian_at_trained_weights(ctx):
    """Train with the student's train_lnn (seed experiment), then lambda_min >= -1e-6 lambda_max
    for the student's Hessian there."""
    Ws0, X, y = ctx.args["Ws"], ctx.args["X"], ctx.args["y"]
    depth = len(Ws0)
    lr = SEED_LR[depth]
    trained = ctx.call("train_lnn", Ws0, X, y, lr, SEED_STEPS)
    if not isinstance(trained, (list, tuple)) or len(trained) != 3:
        ctx.fail(f"train_lnn must return a tuple (Ws, losses, grad_norms), got {describe(trained)}.")
    Ws = _layers(ctx, trained[0], [W.shape for W in Ws0],
                 f"train_lnn(Ws0, X, y, lr={lr:g}, steps={SEED_STEPS}) Ws")
    P = sum(W.size for W in Ws0)
    H = ctx.array(ctx.call("lnn_hessian", Ws, X, y), (P, P), path="lnn_hessian at your trained weights")
    eigenvalues = np.linalg.eigvalsh((H + H.T) / 2)
    lam_min, lam_max = float(eigenvalues[0]), float(eigenvalues[-1])
    if not lam_max > 0:
        ctx.fail(f"at the weights your train_lnn reaches after {SEED_STEPS} steps (lr = {lr:g}), the largest "
                 f"eigenvalue of your Hessian is {lam_max:.6g}; at a minimum of this loss it must be > 0.")
    allowed = ctx.tol.rtol * lam_max  # 0 when lam_max is subnormal: then any negative lam_min is too far
    ratio = max(-lam_min, 0.0) / allowed if allowed > 0 else (math.inf if lam_min < 0 else 0.0)
    ctx.measurements.append(Measurement("lambda_min", ratio))
    if ratio > 1:
        ctx.fail(f"the weights your train_lnn reaches after {SEED_STEPS} steps (lr = {lr:g}) are a minimum of the "
                 f"loss, so the Hessian there is positive semidefinite: lambda_min >= -{ctx.tol.rtol:g} lambda_max "
                 f"= {-allowed:.6g} (rounding allowed). There your lnn_hessian has lambda_min = {lam_min:.6g} "
                 f"(lambda_max = {lam_max:.6g}).")


# --------------------------------------------------------------------------- balanced factors


def _student_factors(ctx):
    W, N = ctx.args["W"], ctx.args["N"]
    return _layers(ctx, ctx.output, [W.shape] * N, "result")


def product_of_factors(ctx):
    """W_N ... W_1 = W (ctx.expected is W)."""
    W = ctx.args["W"]
    ctx.compare(_as_leaf(_product(_student_factors(ctx), W.shape[1])), ctx.expected, path="W_N ... W_1")


def factors_are_balanced(ctx):
    """W_{j+1}^T W_{j+1} = W_j W_j^T for j = 1, ..., N-1 (both from the student's factors)."""
    factors = _student_factors(ctx)
    for j in range(len(factors) - 1):
        left = factors[j + 1].T @ factors[j + 1]
        right = factors[j] @ factors[j].T
        ctx.compare(_as_leaf(left), right, path=f"W_{j + 2}^T W_{j + 2} (expected: W_{j + 1} W_{j + 1}^T)")


def the_matrix(W, N):
    """W itself: what the product of the factors must be."""
    return W


def gram_powers(W, N):
    """[(W^T W)^{j/N} for j = 1, ..., N], trusted."""
    return [_psd_power(W.T @ W, j / N) for j in range(1, N + 1)]


def prefix_grams_are_powers(ctx):
    """W_{1:j}^T W_{1:j} = (W^T W)^{j/N} for every j (ctx.expected holds the powers)."""
    factors = _student_factors(ctx)
    prefix = np.eye(ctx.args["W"].shape[1])
    for j, (factor, power) in enumerate(zip(factors, ctx.expected), start=1):
        prefix = factor @ prefix
        ctx.compare(_as_leaf(prefix.T @ prefix), power,
                    path=f"W_(1:{j})^T W_(1:{j}) (expected: (W^T W)^({j}/{len(factors)}))")


def _as_leaf(array):
    """A value computed in the trusted process from the student's output, in the form compare takes."""
    return Leaf(np.asarray(array, dtype=np.float64), "ndarray")


# --------------------------------------------------------------------------- end-to-end dynamics


def layerwise_step(ctx):
    """From the student's balanced factors of W, one GD step of every layer on l(W_N ... W_1) =
    <G, W_N ... W_1> moves the product by dP; the student's end_to_end_step(W, G, N, lr) - W must
    equal dP up to O(lr^2), i.e. within a relative error proportional to lr: ctx.tol.rtol (normwise)
    at LAYERWISE_LR, half that at half the lr."""
    W, G, N = ctx.args["W"], ctx.args["G"], ctx.args["N"]
    d = W.shape[0]
    value = ctx.call("balanced_factors", W, N)
    factors = _layers(ctx, value, [W.shape] * N, f"balanced_factors(W, {N})")
    product = _product(factors, d)
    scale = max(np.linalg.norm(W), 1e-300)
    unbalanced = max([np.linalg.norm(factors[j + 1].T @ factors[j + 1] - factors[j] @ factors[j].T)
                      / scale ** (2 / N) for j in range(N - 1)] + [0.0])
    off = np.linalg.norm(product - W) / scale
    if off > 1e-3 or unbalanced > 1e-3:
        ctx.fail(f"this check steps the layers of your balanced_factors(W, {N}), but they are not balanced factors "
                 f"of W (relative error of the product {off:.2g}, of balancedness {unbalanced:.2g}); "
                 f"fix balanced_factors first.")
    for lr in (LAYERWISE_LR, LAYERWISE_LR / 2):
        stepped = [factors[j] - lr * _product(factors[j + 1:], d).T @ G @ _product(factors[:j], d).T
                   for j in range(N)]
        moved = _product(stepped, d) - product
        step = ctx.array(ctx.call("end_to_end_step", W, G, N, lr), W.shape,
                         path=f"end_to_end_step(W, G, {N}, {lr:g})")
        ctx.compare(_as_leaf(step - W), moved, tol=Tolerance(rtol=ctx.tol.rtol * lr / LAYERWISE_LR, norm=True),
                    path=f"end_to_end_step(W, G, {N}, lr={lr:g}) - W, against one layer-wise GD step of your "
                         f"balanced factors (they agree up to O(lr^2))")


def velocity_is_symmetric(ctx):
    V = ctx.array(ctx.output, ctx.args["G"].shape)
    ctx.compare(_as_leaf(V.T), V, path="transpose of the result (the velocity of U U^T is symmetric)")


# --------------------------------------------------------------------------- the functions


FUNCTIONS = [
    Function("noisy_gd", [matches(REF.noisy_gd, curve=True)]),
    Function("sgd_iteration_bound", [matches(REF.sgd_iteration_bound)]),
    Function("sine_targets", [matches(REF.sine_targets)]),
    Function("lnn_loss", [matches(REF.lnn_loss)]),
    Function("lnn_grads", [matches(REF.lnn_grads), matches(autograd_lnn_grads, name="autograd")]),
    Function("train_lnn", returns=("Ws", "losses", "grad_norms"), checks=[
        matches(REF.train_lnn, name="weights", item="Ws"),
        matches(REF.train_lnn, name="losses", item="losses", curve=True),
        matches(REF.train_lnn, name="grad norms", item="grad_norms", curve=True)]),
    Function("lnn_hessian", [
        matches(REF.lnn_hessian),
        Check(name="minimum at the trained weights", verify=hessian_at_trained_weights, when="trained")]),
    Function("extreme_eigenvalues", [matches(REF.extreme_eigenvalues)], returns=("lambda_min", "lambda_max")),
    Function("balanced_factors", [
        Check(name="product", verify=product_of_factors, expected=the_matrix),
        Check(name="balancedness", verify=factors_are_balanced),
        Check(name="prefix Grams", verify=prefix_grams_are_powers, expected=gram_powers)]),
    Function("end_to_end_step", [
        matches(REF.end_to_end_step),
        Check(name="layer-wise GD step", verify=layerwise_step, when="balanced")]),
    Function("end_to_end_step_vector", [
        matches(REF.end_to_end_step_vector),
        matches(REF.end_to_end_step, name="general form")]),
    Function("sym_factor_grad", [matches(autograd_sym_factor_grad, name="autograd")]),
    Function("sym_factor_velocity", [
        matches(REF.sym_factor_velocity),
        Check(name="symmetric", verify=velocity_is_symmetric)]),
]
