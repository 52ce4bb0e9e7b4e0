"""hw4: messages for typical bugs, every check failed by a bug, and the kink in public cases
(bugs at the kink and trivial answers are tested with the other assignments')."""
from __future__ import annotations

import numpy as np
import pytest

from autograder.assignment import load_assignment
from conftest import bug_messages


@pytest.mark.parametrize("bug, function, words", [
    ("train_wide_curve_after_update", "train_wide", "one step ahead"),
    ("train_wide_mean_field_step", "train_wide", "must decrease as the width grows"),
    ("kernel_flow_entrywise_exp", "kernel_flow", "u(t) at t = 0"),
    ("flow_loss_bound_lambda_max", "flow_loss_bound", "the bound must hold on the kernel flow"),
    ("empirical_ntk_one_sided", "empirical_ntk", "the kernel is symmetric"),
    ("empirical_ntk_a_not_squared", "empirical_ntk", "the kernel is positive semidefinite"),
    ("pattern_changes_count", "pattern_changes", "pattern_changes on the reference's trained weights must decrease"),
    ("ntk_drift_unnormalised", "ntk_drift", "at m = 20,000"),
])
def test_bug_messages_name_the_mistake(grade_source, bug, function, words):
    assert words in bug_messages(grade_source, "hw4", bug, function)


#: For every check of hw4, a bug patch that fails it: (function, check) -> bug.
FAILED_BY = {
    ("wide_forward", "reference"): "wide_forward_no_relu",
    ("wide_grad", "reference"): "wide_grad_missing_a",
    ("wide_grad", "autograd"): "wide_grad_mean_over_samples",
    ("empirical_ntk", "reference"): "empirical_ntk_no_inner_product",
    ("empirical_ntk", "symmetric PSD"): "empirical_ntk_one_sided",
    ("empirical_ntk", "J J^T"): "empirical_ntk_a_not_squared",
    ("train_wide", "displacement"): "train_wide_one_sample_at_a_time",
    ("train_wide", "predictions"): "train_wide_curve_after_update",
    ("train_wide", "losses"): "train_wide_mean_loss",
    ("train_wide", "kernel regime"): "train_wide_mean_field_step",
    ("kernel_gd", "reference"): "kernel_gd_row0_is_first_step",
    ("kernel_flow", "reference"): "kernel_flow_growing",
    ("kernel_flow", "at t = 0"): "kernel_flow_forgets_y",
    ("kernel_flow", "versus GD"): "kernel_flow_entrywise_exp",
    ("flow_loss_bound", "reference"): "flow_loss_bound_missing_2",
    ("flow_loss_bound", "above the loss"): "flow_loss_bound_lambda_max",
    ("ntk_drift", "reference"): "ntk_drift_frobenius",
    ("ntk_drift", "decreases with width"): "ntk_drift_unnormalised",
    ("pattern_changes", "reference"): "pattern_changes_per_unit",
    ("pattern_changes", "decreases with width"): "pattern_changes_count",
}


def test_every_check_has_a_bug_that_fails_it():
    assert set(FAILED_BY) == {(f.name, c.name) for f in load_assignment("hw4").functions for c in f.spec.checks}


@pytest.mark.parametrize("function, check", list(FAILED_BY))
def test_the_bug_fails_its_check(grade_source, function, check):
    assert f"[{check}]" in bug_messages(grade_source, "hw4", FAILED_BY[function, check], function)


@pytest.mark.parametrize("function, weights", [
    ("wide_forward", "W"), ("wide_grad", "W"), ("empirical_ntk", "W"), ("train_wide", "W0"),
    ("ntk_drift", "W0"), ("pattern_changes", "W0")])
def test_a_public_case_has_a_pre_activation_exactly_zero(function, weights):
    public = [c for c in load_assignment("hw4").cases[function] if c.public]
    assert any(np.any(c.args["X"] @ c.args[weights].T == 0) for c in public)
    assert any(np.any(c.args["X"].astype(np.float32) @ c.args[weights].astype(np.float32).T == 0) for c in public)
