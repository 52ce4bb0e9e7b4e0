"""hw1 checks: against the reference, against autograd (float64 torch), and theory's properties."""
import itertools

import numpy as np

from autograder.checks import Check, Function, matches
from autograder.reference import reference_solution

REF = reference_solution("hw1")
TRUSTED = reference_solution("hw1_trusted")

#: The variance of parity gradients at the largest d must be this many times below the smallest d's.
DECAY_FACTOR = 4.0


# --------------------------------------------------------------------------- realizability


def other_side_of_the_rank(W0, dims):
    """(dims', answer'): widths of a depth-2 network whose hidden width sits on the other side of
    rank(W0) from dims (rank - 1 where W0 is realizable through dims, rank where it is not), and
    the reference's answer there, the opposite of its answer for dims."""
    singular_values = np.linalg.svd(W0, compute_uv=False)
    rank = int(np.sum(singular_values > 1e-5 * singular_values.max()))
    companion = [dims[0], rank - 1 if REF.is_realizable(W0, dims) else rank, dims[-1]]
    return companion, REF.is_realizable(W0, companion)


def realizable_on_the_other_side(ctx):
    """The student's is_realizable(W0, dims') for dims' across the rank boundary (one call more)."""
    dims, expected = ctx.expected
    got = ctx.call("is_realizable", ctx.args["W0"], dims)
    ctx.compare(got, expected, path=f"is_realizable(W0, dims = {dims}) (rank(W0) against a bottleneck of width "
                                    f"{dims[1]})")


# --------------------------------------------------------------------------- Hessian properties


def _parameter_count(args) -> int:
    return sum(W.size for W in args["Ws"])


def hessian_is_zero(ctx):
    H = ctx.array(ctx.output, (_parameter_count(ctx.args),) * 2)
    ctx.require_at_most(float(np.max(np.abs(H))), 0.0, ctx.tol.atol,
                        "for depth >= 3 the Hessian at Ws = 0 is exactly 0; the largest |entry| of yours")


def hessian_has_negative_eigenvalue(ctx):
    H = ctx.array(ctx.output, (_parameter_count(ctx.args),) * 2)
    eigenvalues = np.linalg.eigvalsh((H + H.T) / 2)
    scale = float(np.max(np.abs(eigenvalues)))
    if scale == 0:
        ctx.fail("at Ws = 0 with X Y^T != 0 a depth-2 network is at a saddle, but your Hessian there is all zeros "
                 "(the second-order term of the product W_2 W_1 is missing?).")
    ctx.require_at_most(float(eigenvalues[0]), -ctx.tol.rtol * scale, 0.0,
                        "at Ws = 0 with X Y^T != 0 a depth-2 network is at a saddle: the Hessian must have a "
                        "negative eigenvalue; the smallest eigenvalue of yours is")


# --------------------------------------------------------------------------- parity variance


def mean_squared_gradient_norm(W, c, a, d):
    """E_x ||grad_p f(x)||^2 over x uniform on {0,1}^d, for f(x) = a^T tanh(Wx + c)."""
    inputs = np.array(list(itertools.product([0.0, 1.0], repeat=d)))
    hidden = np.tanh(inputs @ W.T + c)
    dz = a * (1 - hidden**2)
    squared = np.sum(dz**2, axis=1) * (1 + np.sum(inputs**2, axis=1)) + np.sum(hidden**2, axis=1)
    return float(np.mean(squared))


def parity_gradients_and_bounds(networks):
    """For each network: the reference's parity gradients G (the input of gradient_variance) and
    the bound E_x ||grad_p f(x)||^2 / 2^d on their variance."""
    return [(REF.parity_gradients(W, c, a, d), mean_squared_gradient_norm(W, c, a, d) / 2**d)
            for W, c, a, d in networks]


def variance_bound_and_decay(ctx):
    """On the reference's parity gradients for d = 2..8, the student's variance is positive,
    within the bound, and decays with d."""
    variances = []
    for (W, c, a, d), (G, bound) in zip(ctx.args["networks"], ctx.expected):
        variance = ctx.number(ctx.call("gradient_variance", G), path=f"gradient_variance at d = {d}")
        if not variance > 0:
            ctx.fail(f"d = {d}: the parity gradients G (the reference's, {G.shape[0]} rows that differ) have a "
                     f"positive variance; your gradient_variance(G) is {variance:.6g}.")
        slack = ctx.tol.rtol * bound + ctx.tol.atol
        ctx.require_at_most(variance, bound, slack,
                            f"d = {d}: the variance of the parity gradients must be at most E||grad f||^2 / 2^d; "
                            f"your gradient_variance(G) is")
        variances.append(variance)
    ctx.require_at_most(variances[-1], variances[0] / DECAY_FACTOR, 0.0,
                        f"the variance must decay with d: at d = {len(variances) + 1} it must be at most 1/{DECAY_FACTOR:g} "
                        f"of its value at d = 2 ({variances[0]:.6g}); your gradient_variance(G) is")


# --------------------------------------------------------------------------- the functions


FUNCTIONS = [
    Function("end_to_end", [matches(REF.end_to_end)]),
    Function("deep_linear_loss", [matches(REF.deep_linear_loss)]),
    Function("deep_linear_grads", [matches(REF.deep_linear_grads), matches(TRUSTED.autograd_grads, name="autograd")]),
    Function("population_grads", [matches(REF.population_grads),
                                  matches(TRUSTED.autograd_population_grads, name="autograd")]),
    Function("is_realizable", [
        matches(REF.is_realizable),
        Check(name="other side", verify=realizable_on_the_other_side, expected=other_side_of_the_rank,
              when="boundary")]),
    Function("train_deep_linear", returns=("Ws", "losses"), checks=[
        matches(REF.train_deep_linear, name="weights", item="Ws"),
        matches(REF.train_deep_linear, name="losses", item="losses", curve=True)]),
    Function("loss_hessian", [
        matches(REF.loss_hessian),
        Check(name="zero at the origin", verify=hessian_is_zero, when="zero"),
        Check(name="saddle at the origin", verify=hessian_has_negative_eigenvalue, when="saddle")]),
    Function("parity_labels", [matches(REF.parity_labels)]),
    Function("parity_gradients", [matches(REF.parity_gradients)]),
    Function("gradient_variance", [
        matches(REF.gradient_variance, when="given"),
        Check(name="bound and decay", verify=variance_bound_and_decay, expected=parity_gradients_and_bounds, when="decay")]),
    Function("sigmoid_layer_grad_norms", [matches(REF.sigmoid_layer_grad_norms),
                                          matches(TRUSTED.autograd_sigmoid_norms, name="autograd")]),
]
