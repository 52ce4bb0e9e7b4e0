"""hw4 checks: against the reference, against float64 autograd, and theory's properties.

Every check calls one student function, the one it grades; what else it needs comes from
trusted code (reference/hw4_trusted.py, never shipped to students) through its ``expected``
value (the reference's kernel GD, kernel flow and trained weights, stored like every expected
value):

* ``empirical_ntk`` is symmetric and positive semidefinite;
* ``train_wide``, "kernel regime": on the seed experiment, the largest gap over the run between
  the student's predictions and the reference's kernel GD (from u(W0), with H = H(W0)),
  relative to ||u0 - y||, shrinks from width 200 (the first 200 units) to width 20,000;
* ``kernel_flow`` starts at u0, and follows the reference's kernel GD with a small step;
* ``flow_loss_bound`` is never below ||u(t) - y||^2 on the reference's kernel flow;
* ``ntk_drift`` and ``pattern_changes`` decrease as the width grows, on the reference's trained
  weights of the seed experiment at widths 200, 2,000 and 20,000 (an ordering: on trained
  weights float32 and float64 may disagree on units at the kink).
"""
import numpy as np

from autograder.checks import Check, Function, matches
from autograder.compare import Measurement, Tolerance, format_number
from autograder.reference import reference_solution
from autograder.wire import Leaf

REF = reference_solution("hw4")
TRUSTED = reference_solution("hw4_trusted")


def _leaf(array):
    """A value computed in the trusted process from the student's output, in the form compare takes."""
    return Leaf(np.asarray(array, dtype=np.float64), "ndarray")


def require_decreasing(ctx, widths, values, what):
    """Each value below ctx.tol.rtol times the one at the next narrower width (all must be > 0)."""
    listed = ", ".join(f"{format_number(v)} at m = {m:,}" for m, v in zip(widths, values))
    ratios = [value / (ctx.tol.rtol * previous) if previous > 0 and value > 0 else np.inf
              for previous, value in zip(values, values[1:])]
    ctx.measurements.append(Measurement(f"{what} across widths", float(max(ratios))))
    if not max(ratios) < 1:
        ctx.fail(f"{what} must decrease as the width grows (the kernel regime), each value at most "
                 f"{ctx.tol.rtol:g} times the one at the narrower width, but yours is {listed}.")


# --------------------------------------------------------------------------- the kernel


def kernel_is_symmetric_psd(ctx):
    """Symmetric and positive semidefinite up to ctx.tol.rtol * max|H|."""
    n = ctx.args["X"].shape[0]
    H = ctx.array(ctx.output, (n, n))
    allowed = ctx.tol.rtol * max(float(np.max(np.abs(H))), 1e-300)
    ctx.require_at_most(float(np.max(np.abs(H - H.T))), 0.0, allowed,
                        "the kernel is symmetric; the largest |H_ij - H_ji| of yours")
    ctx.require_at_most(-float(np.linalg.eigvalsh((H + H.T) / 2)[0]), 0.0, allowed,
                        "the kernel is positive semidefinite; minus the smallest eigenvalue of yours")


# --------------------------------------------------------------------------- training


def displacement_matches(ctx):
    """W - W0 normwise, with an absolute slack of ctx.tol.atol ||W0|| for rounding W to float32."""
    W0 = ctx.args["W0"]
    W = ctx.array(ctx.output_item("W"), W0.shape, path="W")
    tol = Tolerance(rtol=ctx.tol.rtol, atol=ctx.tol.atol * float(np.linalg.norm(W0)), norm=True)
    ctx.compare(_leaf(W - W0), ctx.expected, path="W - W0", tol=tol)


def _largest_gap(ctx, U, kernel_run, path):
    """max_t ||U[t] - u_t|| / ||u_0 - y|| for the student's predictions U against a kernel GD run."""
    U = ctx.array(U, kernel_run.shape, path=path)
    return float(np.max(np.linalg.norm(U - kernel_run, axis=1)) / np.linalg.norm(kernel_run[0] - ctx.args["y"]))


def follows_the_kernel(ctx):
    """The gap to kernel GD shrinks from the narrowest width to the case's (the widest)."""
    X, y, W0, a, lr, steps = ctx.args.values()
    (narrow, narrow_run), (wide, wide_run) = ctx.expected
    run = ctx.call("train_wide", X, y, W0[:narrow], a[:narrow], lr, steps)
    if not isinstance(run, (list, tuple)) or len(run) != 3:
        ctx.fail(f"train_wide at width {narrow} (the first {narrow} units) must return (W, U, losses).")
    gaps = [_largest_gap(ctx, run[1], narrow_run, f"U at width {narrow:,} (the first {narrow:,} units)"),
            _largest_gap(ctx, ctx.output_item("U"), wide_run, "U")]
    require_decreasing(ctx, (narrow, wide), gaps,
                       "the largest gap max_t ||U[t] - u_t|| / ||u_0 - y|| between your predictions and kernel "
                       "GD on H(W0) from u(W0)")


# --------------------------------------------------------------------------- a fixed kernel


def flow_starts_at_u0(ctx):
    """u(0) = u0 at every time 0 in ts."""
    ts, u0 = ctx.args["ts"], ctx.args["u0"]
    U = ctx.array(ctx.output, (len(ts), len(u0)))
    ctx.compare(_leaf(U[ts == 0]), np.tile(u0, (int(np.sum(ts == 0)), 1)), path="u(t) at t = 0")


def bound_holds(ctx):
    """The student's bound is not below ||u(t) - y||^2 (ctx.expected) at any t, up to the slack."""
    ts = ctx.args["ts"]
    bound = ctx.array(ctx.output, (len(ts),))
    losses = ctx.expected
    slack = ctx.tol.rtol * losses + ctx.tol.atol
    excess = (losses - bound) / slack
    k = int(np.argmax(excess))
    ctx.measurements.append(Measurement("loss above the bound", max(float(excess[k]), 0.0)))
    if excess[k] > 1:
        ctx.fail(f"the bound must hold on the kernel flow: at t = {format_number(ts[k])}, ||u(t) - y||^2 = "
                 f"{format_number(losses[k])} but your bound is {format_number(bound[k])}.")


# --------------------------------------------------------------------------- how far training moves


def decreases_with_width(ctx):
    """The student's values on the reference's trained weights decrease across the experiment's widths
    (ctx.expected: the narrower runs; the case itself is the widest)."""
    X, arity = ctx.args["X"], len(ctx.args)
    widths, values = [], []
    for m, W0, W, a in ctx.expected:
        value = ctx.call(ctx.function.name, *(X, W0, W, a)[:arity])
        widths.append(m)
        values.append(ctx.number(value, path=f"{ctx.function.name} at width {m:,}"))
    widths.append(ctx.args["W"].shape[0])
    values.append(ctx.number(ctx.output))
    require_decreasing(ctx, widths, values, f"{ctx.function.name} on the reference's trained weights")


# --------------------------------------------------------------------------- the functions


FUNCTIONS = [
    Function("wide_forward", [matches(REF.wide_forward)]),
    Function("wide_grad", [matches(REF.wide_grad), matches(TRUSTED.wide_grad, name="autograd")]),
    Function("empirical_ntk", [
        matches(REF.empirical_ntk),
        Check(name="symmetric PSD", verify=kernel_is_symmetric_psd),
        matches(TRUSTED.empirical_ntk, name="J J^T")]),
    Function("train_wide", returns=("W", "U", "losses"), checks=[
        Check(name="displacement", verify=displacement_matches, expected=TRUSTED.displacement),
        matches(REF.train_wide, name="predictions", item="U", curve=True),
        matches(REF.train_wide, name="losses", item="losses", curve=True),
        Check(name="kernel regime", verify=follows_the_kernel, expected=TRUSTED.kernel_regime_runs,
              when="kernel regime")]),
    Function("kernel_gd", [matches(REF.kernel_gd, curve=True)]),
    Function("kernel_flow", [
        matches(REF.kernel_flow),
        Check(name="at t = 0", verify=flow_starts_at_u0, when="t = 0"),
        matches(TRUSTED.gd_at_times, name="versus GD", when="versus GD")]),
    Function("flow_loss_bound", [
        matches(REF.flow_loss_bound),
        Check(name="above the loss", verify=bound_holds, expected=TRUSTED.flow_losses)]),
    Function("ntk_drift", [
        matches(REF.ntk_drift, when="compared"),
        Check(name="decreases with width", verify=decreases_with_width, expected=TRUSTED.narrower_trained,
              when="widths")]),
    Function("pattern_changes", [
        matches(REF.pattern_changes, when="compared"),
        Check(name="decreases with width", verify=decreases_with_width, expected=TRUSTED.narrower_trained,
              when="widths")]),
]
