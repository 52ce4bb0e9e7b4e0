"""hw3: what students read when typical bugs fail the property checks and curves."""
from __future__ import annotations

import pytest

from conftest import bug_messages


@pytest.mark.parametrize("bug, function, words", [
    ("train_lnn_curve_after_update", "train_lnn", "one step ahead"),
    ("noisy_gd_decay_offbyone", "noisy_gd", "first step outside the band: t = 4"),
    ("lnn_hessian_prediction_not_residual", "lnn_hessian", "your lnn_hessian has lambda_min = -"),
    ("balanced_factors_unbalanced", "balanced_factors", "W_2^T W_2 (expected: W_1 W_1^T)"),
    ("end_to_end_step_exponent_shift", "end_to_end_step", "against one layer-wise GD step"),
    ("sym_factor_velocity_one_term", "sym_factor_velocity", "velocity of U U^T is symmetric"),
    ("end_to_end_step_vector_column", "end_to_end_step_vector", "a (n,) vector is not an (n, 1) one"),
])
def test_bug_messages_name_the_mistake(grade_source, bug, function, words):
    assert words in bug_messages(grade_source, "hw3", bug, function)
