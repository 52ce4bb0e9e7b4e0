"""Assignment declarations are validated when they load, with the cause in the message."""
from __future__ import annotations

import itertools
import textwrap

import pytest

from autograder.assignment import AssignmentError, load_assignment
from autograder.checks import Check, Function, matches

_names = itertools.count()

GRADER = """
from autograder.checks import Function, matches
FUNCTIONS = [Function("f", [matches(lambda x: x)])]
"""
CASES = """
from autograder.cases import Case
def f():
    yield Case("a", args={"x": 1.0}, public=True)
    yield Case("b", args={"x": 2.0})
    yield Case("c", args={"x": 3.0})
"""
YAML = """
file: tiny.py
functions:
  f:
    points: 1
    tolerances:
      reference: {rtol: 1.0e-6}
"""


def make(tmp_path, monkeypatch, yaml=YAML, grader=GRADER, cases=CASES):
    name = f"tiny{next(_names)}"
    folder = tmp_path / name
    folder.mkdir()
    (folder / "assignment.yaml").write_text(textwrap.dedent(yaml))
    (folder / "grader.py").write_text(textwrap.dedent(grader))
    (folder / "cases.py").write_text(textwrap.dedent(cases))
    monkeypatch.setenv("AUTOGRADER_ASSIGNMENTS", str(tmp_path))
    return name


def test_a_valid_declaration_loads(tmp_path, monkeypatch):
    assignment = load_assignment(make(tmp_path, monkeypatch))
    assert assignment.max_score == 1 and len(assignment.cases["f"]) == 3


@pytest.mark.parametrize("yaml, words", [
    (YAML.replace("reference: {rtol: 1.0e-6}", "{}"), "no tolerance for checks ['reference']"),
    (YAML.replace("reference:", "refrence:"), "no tolerance"),
    (YAML + "      extra: {rtol: 1.0}\n", "tolerances for unknown checks ['extra']"),
    (YAML.replace("rtol: 1.0e-6", "rtol: -1"), "bad tolerance"),
    (YAML.replace("rtol: 1.0e-6", "rtl: 1"), "bad tolerance"),
    (YAML.replace("points: 1", "points: 0"), "points must be a positive number"),
    (YAML.replace("  f:", "  g:"), "differ"),
])
def test_yaml_mistakes_are_named(tmp_path, monkeypatch, yaml, words):
    with pytest.raises(AssignmentError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_assignment(make(tmp_path, monkeypatch, yaml=yaml))


@pytest.mark.parametrize("cases, words", [
    (CASES.replace('yield Case("c", args={"x": 3.0})', ""), "at least 1 public and 2 hidden"),
    (CASES.replace('"c"', '"b"'), "duplicate case names"),
    (CASES.replace("def f", "def g"), "no case generator f()"),
])
def test_case_mistakes_are_named(tmp_path, monkeypatch, cases, words):
    assignment = load_assignment(make(tmp_path, monkeypatch, cases=cases))
    with pytest.raises(AssignmentError, match=words.replace("(", r"\(").replace(")", r"\)")):
        assignment.cases


def test_unknown_assignment_lists_the_known_ones(tmp_path, monkeypatch):
    make(tmp_path, monkeypatch)
    with pytest.raises(AssignmentError, match="known here: tiny"):
        load_assignment("nope")


def test_function_declarations_refuse_duplicate_checks_and_unknown_items():
    with pytest.raises(ValueError, match="duplicate check names"):
        Function("f", [matches(abs), matches(abs)])
    with pytest.raises(ValueError, match="not in returns"):
        Function("f", [matches(abs, item="w")], returns=("Ws", "losses"))
    Function("f", [Check(name="p", verify=print), matches(abs)])
