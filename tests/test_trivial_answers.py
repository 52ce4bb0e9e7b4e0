"""Answers that know nothing earn almost nothing: every function answering all zeros, all ones
(all True) or its first argument unchanged, in the reference's shapes, scores at most 2% of
any assignment, and matches at most one case per function, a hidden one."""
from __future__ import annotations

import pytest

from autograder.assignment import load_assignment
from conftest import ASSIGNMENTS
from in_process import trivial_reports

MAX_SHARE = 0.02


@pytest.mark.parametrize("assignment_name", ASSIGNMENTS)
def test_trivial_answers_score_at_most_two_percent(assignment_name):
    assignment = load_assignment(assignment_name)
    for label, report in trivial_reports(assignment).items():
        passed = [c.name for c in report.cases if c.passed]
        assert report.score <= MAX_SHARE * report.max_score, \
            f"{label}: {report.score} of {report.max_score}, passing {passed}"
        for function in report.functions:
            matched = [c for c in function.cases if c.passed]
            assert len(matched) <= 1 and not any(c.public for c in matched), \
                f"{label} passes {[c.name for c in matched]} of {function.name}"
