"""hw2: the messages of its own checks say what is wrong."""
from __future__ import annotations

from conftest import bug_messages


def test_integer_activation_patterns_are_refused_by_dtype(grade_source):
    text = bug_messages(grade_source, "hw2", "activation_pattern_ints", "activation_pattern")
    assert "dtype bool" in text and "dtype int64" in text and "not 0/1 numbers" in text


def test_a_unit_at_exactly_zero_is_explained(grade_source):
    text = bug_messages(grade_source, "hw2", "activation_pattern_ge_zero", "activation_pattern")
    assert "exactly 0" in text and "ReLU'(0) = 0" in text


def test_flow_against_gd_names_the_step_and_the_times(grade_source):
    text = bug_messages(grade_source, "hw2", "gradient_flow_missing_1_over_n", "gradient_flow")
    assert "[versus GD]" in text and "t = lr * k" in text


def test_width_limit_compares_with_the_references_infinite_gram(grade_source):
    text = bug_messages(grade_source, "hw2", "ntk_gram_relu_missing_1_over_m", "ntk_gram_relu")
    assert "[width limit]" in text and "the reference's ntk_gram_infinite(X)" in text and "1/sqrt(m)" in text


def test_gd_from_zero_names_the_span_and_the_minimum_norm_solution(grade_source):
    text = bug_messages(grade_source, "hw2", "gd_iterates_adagrad", "gd_iterates")
    assert "[GD limit]" in text and "minimum-norm solution" in text
    assert "[in the span]" in text and "stays in their span" in text


def test_local_map_checked_near_x(grade_source):
    text = bug_messages(grade_source, "hw2", "local_linear_map_last_bias_only", "local_linear_map")
    assert "[f near x]" in text and "activation region of x" in text
