"""The staff store: used while its fingerprint matches, never once the sources change."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from autograder import wire
from autograder.assignment import load_assignment
from autograder.paths import PROJECT_ROOT
from autograder.store import fingerprint, graded_cases, live_cases

FORGED = 12345.0


@pytest.fixture
def hw0_copy(tmp_path, monkeypatch):
    """A copy of hw0 and its reference, with one stored expected value forged (so that a
    value read from the store can be told from one computed live)."""
    shutil.copytree(PROJECT_ROOT / "assignments" / "hw0", tmp_path / "assignments" / "hw0",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "reference").mkdir()
    for name in ("hw0.py", "hw0_trusted.py"):
        shutil.copy(PROJECT_ROOT / "reference" / name, tmp_path / "reference" / name)
    monkeypatch.setenv("AUTOGRADER_ASSIGNMENTS", str(tmp_path / "assignments"))
    monkeypatch.setenv("AUTOGRADER_REFERENCE", str(tmp_path / "reference"))
    store = tmp_path / "assignments" / "hw0" / "graded_cases.json"
    document = json.loads(store.read_text())
    function, entries = next(iter(document["functions"].items()))
    check = next(iter(entries[-1]["expected"]))
    entries[-1]["expected"][check] = wire.encode(FORGED)
    store.write_text(json.dumps(document))
    return tmp_path, function, check


def _forged(cases: dict, function: str, check: str) -> bool:
    value = cases[function][-1].expected[check]
    return isinstance(value, float) and value == FORGED


def test_a_matching_store_is_used_without_computing(hw0_copy, capsys):
    _, function, check = hw0_copy
    assert _forged(graded_cases(load_assignment("hw0")), function, check)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("changed", ["assignments/hw0/cases.py", "assignments/hw0/grader.py",
                                     "assignments/hw0/assignment.yaml", "reference/hw0.py",
                                     "reference/hw0_trusted.py"])
def test_a_change_to_any_source_makes_the_store_stale(hw0_copy, capsys, changed):
    root, function, check = hw0_copy
    before = fingerprint(load_assignment("hw0"))
    with open(root / changed, "a") as f:
        f.write("\n# edited\n")
    assignment = load_assignment("hw0")
    assert fingerprint(assignment) != before
    cases, live = graded_cases(assignment), live_cases(assignment)
    assert not _forged(cases, function, check)
    assert repr(cases[function][-1].expected) == repr(live[function][-1].expected)
    assert "out of date" in capsys.readouterr().err


def test_a_missing_store_is_computed_with_a_note(hw0_copy, capsys):
    root, function, check = hw0_copy
    (root / "assignments" / "hw0" / "graded_cases.json").unlink()
    assert not _forged(graded_cases(load_assignment("hw0")), function, check)
    assert "autograder freeze hw0" in capsys.readouterr().err


def test_grading_from_the_store_never_imports_torch_in_the_grading_process():
    script = ("import sys; from pathlib import Path; from autograder import forkserver; "
              "from autograder.assignment import load_assignment; from autograder.grading import grade; "
              "from autograder.store import graded_cases; a = load_assignment('hw1'); "
              "r = grade(a, Path('reference/hw1.py'), graded_cases(a)); forkserver.shutdown(); "
              "print(r.score == r.max_score, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert out.stdout.split() == ["True", "False"], out.stderr
