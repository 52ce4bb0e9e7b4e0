"""hw2 checks: against the reference, against autograd (float64 torch), and theory's properties.

Each check calls only the function it grades; what it needs from another function comes from the
reference (stored with the expected values). Properties, with NumPy only here: the student's
gradient flow against the reference's GD with a small step; the limit of the student's GD from 0
against the reference's minimum-norm solution, and its iterates staying in the span of X; the
student's span_residual at the reference's GD iterates from 0; symmetric PSD Gram matrices; the
student's empirical Gram at width 20,000 against the reference's infinite-width one;
f(z) = a^T z + c near x; Euler's identity for homogeneous networks.

The engine compares bools only as scalars: activation patterns, lists of boolean arrays, are
compared exactly here (:func:`patterns_match`), refusing 0/1 numbers with a clear message.
"""
import numpy as np

from autograder.checks import Check, Function, matches
from autograder.compare import Measurement, Mismatch, describe
from autograder.reference import reference_solution
from autograder.wire import Leaf

REF = reference_solution("hw2")
TRUSTED = reference_solution("hw2_trusted")

#: gradient_flow against the reference's GD: step lr = FLOW_GD_STEP / lambda_max, FLOW_GD_STEPS
#: steps (times up to 1.5 / lambda_max), every FLOW_GD_STRIDE-th iterate compared.
FLOW_GD_STEP, FLOW_GD_STEPS, FLOW_GD_STRIDE = 1e-3, 1500, 15
#: The reference's GD from 0 for span_residual: lr = 0.1 / lambda_max, this many steps; the
#: student's residual is checked at a few of its iterates.
SPAN_STEP, SPAN_STEPS = 0.1, 20


def bounded(ctx, value: float, allowed: float, label: str, message: str) -> None:
    """Require value <= allowed (a property with a slack); record value / allowed for calibration."""
    ratio = 0.0 if value <= 0 else (value / allowed if allowed > 0 else np.inf)
    ctx.measurements.append(Measurement(label, float(ratio)))
    if not value <= allowed:
        ctx.fail(message)


def lambda_max(X) -> float:
    return float(np.linalg.eigvalsh(X.T @ X / X.shape[1])[-1])


def fmt(x) -> str:
    return f"{float(x):.4g}"


# --------------------------------------------------------------------------- least squares properties


def flow_times(X):
    """lr = FLOW_GD_STEP / lambda_max and the steps k compared: the flow at t = lr k against GD step k."""
    return FLOW_GD_STEP / lambda_max(X), np.arange(0, FLOW_GD_STEPS + 1, FLOW_GD_STRIDE)


def reference_gd_at_flow_times(X, y, ts, w0):
    """The reference's GD iterates w_k, k = 0, FLOW_GD_STRIDE, ..., FLOW_GD_STEPS, with the small step."""
    lr, ks = flow_times(X)
    return REF.gd_iterates(X, y, lr, FLOW_GD_STEPS, w0)[ks]


def flow_matches_gd(ctx):
    """The student's flow at t = lr k is within O(lr) of the reference's GD iterate k."""
    X, y, w0 = ctx.args["X"], ctx.args["y"], ctx.args["w0"]
    lr, ks = flow_times(X)
    G = ctx.expected
    F = ctx.array(ctx.call("gradient_flow", X, y, lr * ks, w0), G.shape, path="gradient_flow(X, y, ts = lr * k, w0)")
    error = float(np.linalg.norm(F - G)) / max(float(np.linalg.norm(G - w0)), 1e-300)
    k = int(np.argmax(np.linalg.norm(F - G, axis=1)))
    bounded(ctx, error, ctx.tol.rtol, "||flow - GD|| / ||GD - w0||",
            f"with a small step lr = {fmt(lr)} (1e-3 / lambda_max), gradient descent's w_k (the reference's) must "
            f"follow your gradient_flow at t = lr * k (k = 0, {FLOW_GD_STRIDE}, ..., {FLOW_GD_STEPS}) within O(lr): "
            f"||flow - GD|| / ||GD - w0|| is {fmt(error)}, allowed {fmt(ctx.tol.rtol)}. The largest gap is at "
            f"k = {ks[k]} (t = {fmt(lr * ks[k])}): ||w(t) - w_k|| = {fmt(np.linalg.norm(F[k] - G[k]))}.")


def reference_min_norm(X, y, lr, steps, w0):
    """The reference's minimum-norm solution: the limit of GD from w0 = 0."""
    return REF.min_norm_solution(X, y)


def gd_limit_is_min_norm(ctx):
    """The last of the student's GD iterates from w0 = 0 is the reference's minimum-norm solution."""
    X, steps = ctx.args["X"], ctx.args["steps"]
    expected = ctx.expected
    limit = ctx.array(ctx.output, (steps + 1, X.shape[0]))[-1]
    allowed = ctx.tol.rtol * float(np.linalg.norm(expected))
    error = float(np.linalg.norm(limit - expected))
    bounded(ctx, error, allowed, "GD limit vs the minimum-norm solution",
            f"gradient descent from w0 = 0 never leaves the span of X, so after {steps} steps with lr = "
            f"{fmt(ctx.args['lr'])} it has converged to the minimum-norm solution; your last iterate is "
            f"{fmt(error)} away from it (allowed {fmt(allowed)}).")


def span_residuals(W, X) -> np.ndarray:
    """||w - P_X w|| for each row w of W (trusted)."""
    Q, _ = np.linalg.qr(X)
    return np.linalg.norm(W - (W @ Q) @ Q.T, axis=1)


def iterates_stay_in_span(ctx):
    """The student's GD iterates from w0 = 0 stay in the span of X (residuals computed here)."""
    X, steps = ctx.args["X"], ctx.args["steps"]
    W = ctx.array(ctx.output, (steps + 1, X.shape[0]))
    with np.errstate(all="ignore"):  # iterates that diverge: the largest ratio is inf or NaN, and fails
        residuals = span_residuals(W, X)
        allowed = ctx.tol.atol + ctx.tol.rtol * np.linalg.norm(W, axis=1)
        k = int(np.argmax(residuals / allowed))
    bounded(ctx, float(residuals[k]), float(allowed[k]), "span residual of GD from 0",
            f"gradient descent from w0 = 0 moves only along the columns of X, so every iterate stays in their "
            f"span; your iterate {k} (norm {fmt(np.linalg.norm(W[k]))}) is {fmt(residuals[k])} away from it "
            f"(allowed {fmt(allowed[k])}).")


def iterates_in_span(w, X):
    """A few of the reference's GD iterates from w0 = 0 (on y = X^T w + 1): vectors in the span of X."""
    G = REF.gd_iterates(X, X.T @ w + 1.0, SPAN_STEP / lambda_max(X), SPAN_STEPS, np.zeros(len(w)))
    return G[[1, SPAN_STEPS // 2, SPAN_STEPS]]


def residual_zero_in_span(ctx):
    """The student's span_residual is 0 (up to rounding) at the reference's GD iterates from 0."""
    X = ctx.args["X"]
    for k, w in zip((1, SPAN_STEPS // 2, SPAN_STEPS), ctx.expected):
        residual = ctx.number(ctx.call("span_residual", w, X), path=f"span_residual(w_{k}, X)")
        allowed = ctx.tol.atol + ctx.tol.rtol * float(np.linalg.norm(w))
        bounded(ctx, abs(residual), allowed, "span_residual of GD from 0",
                f"gradient descent from w0 = 0 stays in the span of the columns of X, so span_residual of its "
                f"iterates must be 0; for iterate {k} (norm {fmt(np.linalg.norm(w))}) your span_residual is "
                f"{fmt(residual)} (allowed {fmt(allowed)}).")


# --------------------------------------------------------------------------- Gram matrices


def gram_is_symmetric_psd(ctx):
    """The student's Gram matrix is symmetric and positive semidefinite (up to rounding)."""
    n = ctx.args["X"].shape[1]
    H = ctx.array(ctx.output, (n, n))
    size = float(np.linalg.norm(H))
    asymmetry = float(np.linalg.norm(H - H.T))
    allowed = ctx.tol.atol + ctx.tol.rtol * size
    i, j = np.unravel_index(int(np.argmax(np.abs(H - H.T))), H.shape)
    bounded(ctx, asymmetry, allowed, "||H - H^T||",
            f"a Gram matrix is symmetric: ||H - H^T||_F = {fmt(asymmetry)} for yours (allowed {fmt(allowed)}); "
            f"for example H[{i}, {j}] = {fmt(H[i, j])} but H[{j}, {i}] = {fmt(H[j, i])}.")
    eigenvalues = np.linalg.eigvalsh((H + H.T) / 2)
    allowed = ctx.tol.atol + ctx.tol.rtol * float(np.max(np.abs(eigenvalues)))
    bounded(ctx, -float(eigenvalues[0]), allowed, "-lambda_min",
            f"a Gram matrix is positive semidefinite, but yours has the eigenvalue {fmt(eigenvalues[0])} "
            f"(allowed down to {fmt(-allowed)}).")


def reference_infinite_gram(X, W, a):
    """The reference's infinite-width Gram of X: the limit of ntk_gram_relu(X, W, a) as m grows."""
    return REF.ntk_gram_infinite(X)


def wide_gram_near_infinite(ctx):
    """At width m = 20,000 the student's empirical Gram is within Monte-Carlo error of the reference's limit."""
    X = ctx.args["X"]
    n, m = X.shape[1], ctx.args["W"].shape[0]
    H = ctx.array(ctx.output, (n, n))
    H_inf = ctx.expected
    error = float(np.linalg.norm(H - H_inf)) / max(float(np.linalg.norm(H_inf)), 1e-300)
    bounded(ctx, error, ctx.tol.rtol, "||H_m - H_inf|| / ||H_inf||",
            f"with w_r ~ N(0, I) and a_r = +-1 at width m = {m}, your ntk_gram_relu(X, W, a) must be close to the "
            f"infinite-width Gram (the reference's ntk_gram_infinite(X)) (Monte-Carlo error about 1/sqrt(m) = {fmt(1 / np.sqrt(m))}): "
            f"||H_m - H_inf||_F / ||H_inf||_F = {fmt(error)}, allowed {fmt(ctx.tol.rtol)}.")


# --------------------------------------------------------------------------- ReLU networks (trusted NumPy)


def pre_activations(x, Ws, bs):
    h, out = np.asarray(x, dtype=np.float64), []
    for W, b in zip(Ws, bs):
        z = W @ h + b
        out.append(z)
        h = np.maximum(z, 0.0)
    return out


def network(x, Ws, bs, w_out) -> float:
    return float(w_out @ np.maximum(pre_activations(x, Ws, bs)[-1], 0.0))


#: How many points near x the local linear map is tried at (x itself included).
NEAR_POINTS = 8


def points_near_x(x, Ws, bs, w_out):
    """(Z, f(Z)): x and points around it in its activation region, with the network's values there.

    On the region every pre-activation is affine in the input, z_u = A_u x' + c_u, so the ball of
    radius min_u |z_u(x)| / ||A_u|| around x lies in the region; the points are at half that radius.
    """
    d = len(x)
    A, radius = np.eye(d), np.inf
    for z, W in zip(pre_activations(x, Ws, bs), Ws):
        A_pre = W @ A
        norms = np.linalg.norm(A_pre, axis=1)
        moving = norms > 0
        if moving.any():
            radius = min(radius, float(np.min(np.abs(z[moving]) / norms[moving])))
        A = (z > 0)[:, None] * A_pre
    radius = min(radius, 1.0)
    directions = np.random.default_rng(2).normal(size=(NEAR_POINTS - 1, d))
    Z = np.vstack([x, x + 0.5 * radius * directions / np.linalg.norm(directions, axis=1, keepdims=True)])
    patterns = [np.concatenate([z > 0 for z in pre_activations(p, Ws, bs)]) for p in Z]
    assert all(np.array_equal(p, patterns[0]) for p in patterns), "points near x left the region"
    return Z, np.array([network(p, Ws, bs, w_out) for p in Z])


def affine_near_x(ctx):
    """f(z) = a^T z + c at points z near x in its activation region, for the student's (a, c)."""
    Z, values = ctx.expected
    d = Z.shape[1]
    a = ctx.array(ctx.output_item("a"), (d,), path="a")
    c = ctx.number(ctx.output_item("c"), path="c")
    try:
        ctx.compare(Leaf(Z @ a + c, "ndarray"), values, path="a^T z + c")
    except Mismatch as mismatch:
        ctx.fail(f"f(z) = a^T z + c must hold on the whole activation region of x; at x (index 0) and "
                 f"{NEAR_POINTS - 1} points near it in the same region, with f(z) computed by the grader:\n"
                 + mismatch.message)


def patterns_match(ctx):
    """The student's activation pattern equals the reference's: a list of boolean arrays, exactly."""
    expected = ctx.expected
    got = ctx.output
    if not isinstance(got, (list, tuple)) or len(got) != len(expected):
        ctx.fail(f"expected a list of {len(expected)} boolean arrays (one per hidden layer), got {describe(got)}.")
    zs = pre_activations(ctx.args["x"], ctx.args["Ws"], ctx.args["bs"])
    ctx.measurements.append(Measurement("result", 0.0))
    for h, (g, e, z) in enumerate(zip(got, expected, zs)):
        path = f"result[{h}]"
        if isinstance(g, (list, tuple)) and all(isinstance(v, Leaf) and v.array.shape == () for v in g):
            g = Leaf(np.array([v.array for v in g]), "list") if g else Leaf(np.zeros(0, dtype=bool), "list")
        if not isinstance(g, Leaf) or g.array.dtype != bool:
            numbers = isinstance(g, Leaf) and g.array.dtype.kind in "iuf"
            ctx.fail(f"{path}: expected a boolean array (dtype bool) of shape {e.shape}, got {describe(g)}."
                     + (" Return the comparison itself (pre-activation > 0), not 0/1 numbers." if numbers else ""))
        if g.array.shape != e.shape:
            ctx.fail(f"{path}: expected a boolean array of shape {e.shape}, got {describe(g)}.")
        wrong = np.flatnonzero(g.array != e)
        if wrong.size:
            ctx.measurements[-1] = Measurement("result", np.inf)
            at_zero = [int(u) for u in wrong if z[u] == 0]
            hint = (f" Unit(s) {at_zero} have a pre-activation of exactly 0, which is inactive (ReLU'(0) = 0: "
                    f"active means strictly > 0)." if at_zero else "")
            ctx.fail(f"{path} (hidden layer {h + 1}): {wrong.size} of {e.size} units are wrong, first unit "
                     f"{wrong[0]}: expected {bool(e[wrong[0]])}, got {bool(g.array[wrong[0]])}.{hint}")


# --------------------------------------------------------------------------- homogeneous networks


def homogeneous_value(Ws, x) -> float:
    h = np.asarray(x, dtype=np.float64)
    for W in Ws[:-1]:
        h = np.maximum(W @ h, 0.0)
    return float((Ws[-1] @ h)[0])


def euler_identity(ctx):
    """sum_l <df/dW_l, W_l> = L f(x) for the student's gradients (f is L-homogeneous in the weights)."""
    Ws = ctx.args["Ws"]
    got = ctx.output
    if not isinstance(got, (list, tuple)) or len(got) != len(Ws):
        ctx.fail(f"expected a list of {len(Ws)} gradients, got {describe(got)}.")
    grads = [ctx.array(g, W.shape, path=f"result[{l}]") for l, (g, W) in enumerate(zip(got, Ws))]
    total = sum(float(np.sum(g * W)) for g, W in zip(grads, Ws))
    target = len(Ws) * ctx.expected
    allowed = ctx.tol.atol + ctx.tol.rtol * sum(float(np.sum(np.abs(g * W))) for g, W in zip(grads, Ws))
    bounded(ctx, abs(total - target), allowed, "|sum <G_l, W_l> - L f|",
            f"Euler's identity for a network that is {len(Ws)}-homogeneous in its weights: "
            f"sum_l <df/dW_l, W_l> must equal L f(x) = {len(Ws)} * {fmt(ctx.expected)} = {fmt(target)}, "
            f"but with your gradients it is {fmt(total)} (allowed difference {fmt(allowed)}).")


# --------------------------------------------------------------------------- the functions


FUNCTIONS = [
    Function("ls_loss", [matches(REF.ls_loss)]),
    Function("ls_grad", [matches(REF.ls_grad), matches(TRUSTED.autograd_ls_grad, name="autograd")]),
    Function("gd_iterates", [
        matches(REF.gd_iterates, curve=True),
        Check(name="GD limit", verify=gd_limit_is_min_norm, expected=reference_min_norm, when="from 0"),
        Check(name="in the span", verify=iterates_stay_in_span, when="from 0")]),
    Function("gradient_flow", [
        matches(REF.gradient_flow),
        Check(name="versus GD", verify=flow_matches_gd, expected=reference_gd_at_flow_times, when="versus GD")]),
    Function("min_norm_solution", [matches(REF.min_norm_solution)]),
    Function("span_residual", [
        matches(REF.span_residual),
        Check(name="GD from 0", verify=residual_zero_in_span, expected=iterates_in_span, when="GD from 0")]),
    Function("ntk_gram_linear", [matches(REF.ntk_gram_linear)]),
    Function("ntk_gram_relu", [
        matches(REF.ntk_gram_relu),
        Check(name="symmetric PSD", verify=gram_is_symmetric_psd),
        Check(name="width limit", verify=wide_gram_near_infinite, expected=reference_infinite_gram, when="wide")]),
    Function("ntk_gram_infinite", [
        matches(REF.ntk_gram_infinite),
        Check(name="symmetric PSD", verify=gram_is_symmetric_psd)]),
    Function("activation_pattern", [Check(name="reference", verify=patterns_match, expected=REF.activation_pattern)]),
    Function("local_linear_map", returns=("a", "c"), checks=[
        matches(REF.local_linear_map, name="a", item="a"),
        matches(REF.local_linear_map, name="c", item="c"),
        Check(name="f near x", verify=affine_near_x, expected=points_near_x)]),
    Function("count_pieces_on_segment", [matches(REF.count_pieces_on_segment)]),
    Function("param_grads_homogeneous", [
        matches(TRUSTED.autograd_homogeneous, name="autograd"),
        Check(name="Euler identity", verify=euler_identity, expected=homogeneous_value)]),
]
