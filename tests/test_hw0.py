"""hw0: what students read when typical bugs fail, and plain lists accepted where arrays are due."""
from __future__ import annotations

import sys

import pytest

from autograder.assignment import load_assignment
from conftest import bug_messages, failed_messages, function_scores, with_reference


def grade_patch(grade_source, patch_text: str):
    report, _ = grade_source("hw0", with_reference("hw0", patch_text))
    return report


@pytest.mark.parametrize("bug, function, words", [
    ("relu_grads_sign", "relu_grads", "a sign error?"),
    ("relu_grad_at_zero_active", "relu_grads", "ReLU'(0) = 0"),
    ("gd_gradient_sign", "gd_least_squares", "eta * sigma_max(F) * ||y||"),
    ("gd_row0_is_first_step", "gd_least_squares", "one step ahead"),
    ("train_relu_1d_missing_half", "train_relu_1d", "a missing factor 1/2?"),
    ("train_relu_1d_sum_loss", "train_relu_1d", "a sum where a mean was meant"),
    ("augment_y_hat_2d", "augment", "a (n,) vector is not an (n, 1) one"),
])
def test_bug_messages_name_the_mistake(grade_source, bug, function, words):
    assert words in bug_messages(grade_source, "hw0", bug, function)


def test_lists_of_floats_count_as_vectors_of_the_right_length_only(grade_source):
    right = grade_patch(grade_source, "def elbows(w, b):\n    return [-float(bi) / float(wi) for wi, bi in zip(w, b)]\n")
    assert function_scores(right)["elbows"] == (1.0, 1.0)
    short = grade_patch(grade_source, "def elbows(w, b):\n    return [-float(bi) / float(wi) for wi, bi in zip(w, b)][1:]\n")
    assert "expected an array of shape (4,)" in failed_messages(short, "elbows")



def test_training_cases_keep_every_unit_clear_of_its_kink():
    """float32 and float64 runs must switch the same units on: no pre-activation comes near 0."""
    assignment = load_assignment("hw0")
    cases = assignment.cases["train_relu_1d"]  # imports the cases module
    screen = sys.modules["autograder_assignment_hw0_cases"].min_preactivation
    for case in cases:
        assert screen(*case.args.values()) >= 2e-4, case.name
