"""Every assignment: the reference earns full marks, the starter 0, correct variants in other
styles full marks, and every plausible bug loses points on exactly the function it breaks."""
from __future__ import annotations

import ast
import json

import numpy as np
import pytest

from autograder.assignment import load_assignment
from autograder.store import fingerprint, graded_cases, live_cases, stored_cases
from conftest import (ASSIGNMENTS, bug_files, failed_messages, function_scores, graded_bug, patched_source,
                      reference_file, starter_file, variant_files)


def _params(files_of):
    return [pytest.param(a, f, id=f"{a}-{f.stem}") for a in ASSIGNMENTS for f in files_of(a)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_scores_full_marks(grade_source, assignment):
    report, document = grade_source(assignment, reference_file(assignment).read_text())
    failures = [f"{c.name}: {c.message}" for c in report.cases if not c.passed]
    assert not failures, "\n".join(failures)
    assert document["score"] == pytest.approx(report.max_score)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_starter_scores_zero_with_clear_messages(grade_source, assignment):
    report, document = grade_source(assignment, starter_file(assignment).read_text())
    assert report.load_error is None
    assert document["score"] == 0
    assert all("not implemented yet" in c.message for c in report.cases)


@pytest.mark.parametrize("assignment, variant", _params(variant_files))
def test_correct_variant_scores_full_marks(grade_source, assignment, variant):
    report, _ = grade_source(assignment, variant.read_text())
    failures = [f"{c.name}: {c.message}" for c in report.cases if not c.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("assignment, patch", _params(bug_files))
def test_bug_loses_points_only_where_it_breaks(grade_source, assignment, patch):
    broken = {node.name for node in ast.parse(patch.read_text()).body if isinstance(node, ast.FunctionDef)}
    report, _ = grade_source(assignment, patched_source(assignment, patch))
    scores = function_scores(report)
    for name in broken:
        score, points = scores[name]
        assert score < points, f"{patch.name}: {name} kept all its points"
        assert failed_messages(report, name).strip()
    collateral = {n for n, (score, points) in scores.items() if score < points} - broken
    assert not collateral, f"{patch.name} also cost points in {collateral}:\n" + \
        "\n".join(failed_messages(report, n) for n in collateral)


#: How far a stored float may be from the one computed now, in units of eps·max(1, |scale|):
#: another CPU's kernels (and NumPy's or torch's choice among them) change the last bits. Measured
#: with other kernels forced on one machine (OPENBLAS_CORETYPE, MKL_ENABLE_INSTRUCTIONS,
#: ATEN_CPU_CAPABILITY): at most 16. A stale store differs by far more, and its fingerprint says so.
STORE_ULPS = 256


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_both_stores_hold_what_the_reference_computes_now(assignment):
    a = load_assignment(assignment)
    live = live_cases(a)
    public = {name: [g for g in cases if g.case.public] for name, cases in live.items()}
    assert json.loads(a.graded_store_path.read_text())["fingerprint"] == fingerprint(a), \
        f"run `autograder freeze {assignment}`"
    for stored, expected in [(stored_cases(a), public), (graded_cases(a), live)]:
        for function in a.functions:
            assert [g.case.name for g in stored[function.name]] == [g.case.name for g in expected[function.name]]
            for s, g in zip(stored[function.name], expected[function.name]):
                assert (s.case.public, s.case.tags) == (g.case.public, g.case.tags)
                assert list(s.case.args) == list(g.case.args), "argument order must survive the store"
                _assert_same(s.case.args, g.case.args)
                _assert_same(s.expected, g.expected)


def _assert_same(stored, live):
    """Same types, shapes and dtypes; the same integers and booleans; floats within STORE_ULPS
    (inputs are computed from seeds, expected values by the reference, both on this machine)."""
    if isinstance(live, dict):
        assert stored.keys() == live.keys()
        for key in live:
            _assert_same(stored[key], live[key])
    elif isinstance(live, (list, tuple)):
        assert type(stored) is type(live) and len(stored) == len(live)
        for s, g in zip(stored, live):
            _assert_same(s, g)
    elif isinstance(live, np.ndarray):
        assert isinstance(stored, np.ndarray) and stored.dtype == live.dtype and stored.shape == live.shape
        _assert_close(stored, live)
    else:
        assert type(stored) is type(live)
        if isinstance(live, float):
            _assert_close(np.array(stored), np.array(live))
        else:
            assert stored == live


def _assert_close(stored: np.ndarray, live: np.ndarray):
    if live.dtype.kind != "f":
        np.testing.assert_array_equal(stored, live, strict=True)
        return
    finite = live[np.isfinite(live)]
    scale = max(1.0, float(np.max(np.abs(finite)))) if finite.size else 1.0
    np.testing.assert_allclose(stored, live, rtol=0, atol=STORE_ULPS * np.finfo(live.dtype).eps * scale)


def test_the_store_comparison_tolerates_last_bits_and_nothing_more():
    value = np.array([1.0, -3.0, 1e-17])
    _assert_close(value + np.array([4e-16, -8e-16, 5e-15]), value)
    with pytest.raises(AssertionError):
        _assert_close(value + np.array([0.0, 1e-10, 0.0]), value)
    with pytest.raises(AssertionError):
        _assert_close(np.array([1, 2]), np.array([1, 3]))


#: Bugs at a kink or boundary the contract defines (ReLU'(0) = 0, > against >=, rank thresholds),
#: and the function where each shows: on a public case, so that `autograder check` shows it.
BOUNDARY_BUGS = [
    ("hw0", "train_relu_1d_active_at_kink", "train_relu_1d"),
    ("hw1", "is_realizable_strict", "is_realizable"),
    ("hw1", "is_realizable_absolute_threshold", "is_realizable"),
    ("hw2", "activation_pattern_ge_zero", "activation_pattern"),
    ("hw2", "ntk_gram_relu_ge_zero", "ntk_gram_relu"),
    ("hw2", "param_grads_active_at_zero", "param_grads_homogeneous"),
    ("hw3", "end_to_end_step_no_threshold", "end_to_end_step"),
    ("hw4", "wide_grad_relu_prime_one_at_zero", "wide_grad"),
    ("hw4", "empirical_ntk_active_at_zero", "empirical_ntk"),
    ("hw4", "ntk_drift_active_at_zero", "ntk_drift"),
    ("hw4", "pattern_changes_active_at_zero", "pattern_changes"),
]


@pytest.mark.parametrize("assignment, bug, function", BOUNDARY_BUGS)
def test_boundary_bugs_fail_a_public_case(grade_source, assignment, bug, function):
    report = graded_bug(grade_source, assignment, bug)
    assert [c.name for c in report.cases if c.function == function and c.public and not c.passed]
