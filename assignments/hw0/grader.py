"""hw0 checks: against the reference, against autograd (float64 torch), and theory's properties."""
import numpy as np

from autograder.checks import Check, Function, matches
from autograder.reference import reference_solution

REF = reference_solution("hw0")
TRUSTED = reference_solution("hw0_trusted")


def inactive_unit_has_zero_gradients(ctx):
    """When w x + b <= 0 (ReLU'(0) = 0 included) both of the student's gradients are 0."""
    x, w, b = ctx.args["x"], ctx.args["w"], ctx.args["b"]
    got = ctx.output
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        ctx.fail("expected a tuple (dL_dw, dL_db).")
    dw, db = ctx.number(got[0], path="dL_dw"), ctx.number(got[1], path="dL_db")
    ctx.require_at_most(max(abs(dw), abs(db)), 0.0, ctx.tol.atol,
                        f"here w x + b = {w * x + b:g} <= 0, so the unit is inactive (ReLU'(0) = 0) and both "
                        f"gradients must be 0; max(|dL_dw|, |dL_db|) of yours")


# --------------------------------------------------------------------------- gradient descent


def norm_growth_bound(F, y, eta, steps, w0):
    """eta * sigma_max(F) * ||y||: how much ||w_t|| may grow in one step when eta <= 2 / sigma_max^2."""
    return float(eta * np.linalg.norm(F, 2) * np.linalg.norm(y))


def iterates_obey_norm_bound(ctx):
    """||w_{t+1}|| <= ||w_t|| + eta sigma_max(F) ||y|| on the student's own iterates."""
    F, steps = ctx.args["F"], ctx.args["steps"]
    W = ctx.array(ctx.output, (steps + 1, F.shape[1]))
    if steps == 0:
        return
    norms = np.linalg.norm(W, axis=1)
    growth = norms[1:] - norms[:-1]
    bound = ctx.expected
    slack = ctx.tol.rtol * (bound + norms[:-1]) + ctx.tol.atol  # float32 rounding of w_t and of the step
    ratios = (growth - bound) / slack
    t = int(np.argmax(ratios > 1)) if np.any(ratios > 1) else int(np.argmax(ratios))  # the first violation
    ctx.require_at_most(float(growth[t]), bound, float(slack[t]),
                        f"for eta <= max_stable_step(F), ||w_(t+1)|| - ||w_t|| <= eta * sigma_max(F) * ||y|| "
                        f"at every step; at t = {t} yours is")


# --------------------------------------------------------------------------- training


def trained_weights(ctx):
    """The final (w, b, v) against the reference run (ctx.expected is its whole return value)."""
    for i, name in enumerate(("w", "b", "v")):
        ctx.compare(ctx.output_item(name), ctx.expected[i], path=name)


# --------------------------------------------------------------------------- the functions


FUNCTIONS = [
    Function("grad_inner", [matches(REF.grad_inner), matches(TRUSTED.autograd_grad_inner, name="autograd")]),
    Function("grad_sqnorm", [matches(REF.grad_sqnorm), matches(TRUSTED.autograd_grad_sqnorm, name="autograd")]),
    Function("jacobian_linear", [matches(REF.jacobian_linear),
                                 matches(TRUSTED.autograd_jacobian_linear, name="autograd")]),
    Function("grad_quadratic", [matches(REF.grad_quadratic), matches(TRUSTED.autograd_grad_quadratic, name="autograd")]),
    Function("augment", [matches(REF.augment)], returns=("X_hat", "y_hat")),
    Function("ridge_closed_form", [matches(REF.ridge_closed_form)]),
    Function("ridge_via_augmentation", [
        matches(REF.ridge_via_augmentation),
        matches(TRUSTED.ridge_closed_form_with_gamma, name="closed form with Gamma^T Gamma")]),
    Function("gd_least_squares", [
        matches(REF.gd_least_squares, curve=True),
        Check(name="norm bound", verify=iterates_obey_norm_bound, expected=norm_growth_bound, when="stable")]),
    Function("max_stable_step", [matches(REF.max_stable_step)]),
    Function("elbows", [matches(REF.elbows)]),
    Function("relu_grads", returns=("dL_dw", "dL_db"), checks=[
        matches(REF.relu_grads), matches(TRUSTED.autograd_relu_grads, name="autograd"),
        Check(name="inactive unit", verify=inactive_unit_has_zero_gradients, when="inactive")]),
    Function("relu_sgd_step", [matches(REF.relu_sgd_step)], returns=("w_new", "b_new")),
    Function("train_relu_1d", returns=("w", "b", "v", "losses"), checks=[
        Check(name="weights", verify=trained_weights, expected=REF.train_relu_1d),
        matches(REF.train_relu_1d, name="losses", item="losses", curve=True)]),
]
