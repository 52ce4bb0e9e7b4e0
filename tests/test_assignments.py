"""Every assignment: the reference earns full marks, the starter 0, correct variants in other
styles full marks, and every plausible bug loses points on exactly the functions it breaks."""
from __future__ import annotations

import ast

import numpy as np
import pytest

from autograder.assignment import load_assignment
from autograder.store import live_cases, stored_cases
from conftest import (ASSIGNMENTS, also_fails, bug_files, failed_messages, function_scores, patched_source,
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
    collateral = {n for n, (score, points) in scores.items() if score < points} - broken - also_fails(patch)
    assert not collateral, f"{patch.name} also cost points in {collateral}:\n" + \
        "\n".join(failed_messages(report, n) for n in collateral)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_stored_public_cases_equal_what_the_reference_computes_now(assignment):
    a = load_assignment(assignment)
    live, stored = live_cases(a, public_only=True), stored_cases(a)
    for function in a.functions:
        assert [g.case.name for g in stored[function.name]] == [g.case.name for g in live[function.name]]
        for s, g in zip(stored[function.name], live[function.name]):
            assert list(s.case.args) == list(g.case.args), "argument order must survive the store"
            _assert_same(s.case.args, g.case.args)
            _assert_same(s.expected, g.expected)


def _assert_same(stored, live):
    if isinstance(live, dict):
        assert stored.keys() == live.keys()
        for key in live:
            _assert_same(stored[key], live[key])
    elif isinstance(live, (list, tuple)):
        assert len(stored) == len(live)
        for s, g in zip(stored, live):
            _assert_same(s, g)
    elif isinstance(live, str):
        assert stored == live
    else:
        np.testing.assert_allclose(stored, live, rtol=1e-12, atol=1e-14)
