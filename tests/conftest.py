"""Shared helpers: grading files and checking every results document against the schema."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.grading import grade
from autograder.results import results_document, validate
from autograder.store import graded_cases

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SUBMISSIONS = TESTS / "submissions"
ASSIGNMENTS = sorted(p.parent.name for p in (PROJECT / "assignments").glob("*/assignment.yaml"))


@pytest.fixture(autouse=True)
def environment_kept():
    """No test leaves a variable of this process's environment changed: the processes that later
    tests start would inherit it (monkeypatch's changes are undone before this check)."""
    before = dict(os.environ)
    yield
    changed = {k for k in {*before, *os.environ} if before.get(k) != os.environ.get(k)} - {"PYTEST_CURRENT_TEST"}
    assert not changed, f"the test left these environment variables changed: {sorted(changed)}"


def reference_file(assignment: str) -> Path:
    return PROJECT / "reference" / f"{assignment}.py"


def starter_file(assignment: str) -> Path:
    a = load_assignment(assignment)
    return a.directory / a.file


def variant_files(assignment: str) -> list:
    return sorted((SUBMISSIONS / assignment).glob("*.py"))


def bug_files(assignment: str) -> list:
    return sorted((SUBMISSIONS / assignment / "bugs").glob("*.py"))


def with_reference(assignment: str, patch: str) -> str:
    """A correct submission (the reference) with the functions that ``patch`` defines replaced."""
    return reference_file(assignment).read_text() + "\n\n" + patch


def patched_source(assignment: str, patch: Path) -> str:
    return with_reference(assignment, patch.read_text())


@lru_cache(maxsize=None)
def _grade_text(assignment: str, source: str, directory: str):
    a = load_assignment(assignment)
    path = Path(directory) / hashlib.sha1(source.encode()).hexdigest() / a.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    report = grade(a, path, graded_cases(a))
    document = results_document(report)
    validate(document)
    return report, document


@pytest.fixture(scope="session")
def grade_source(tmp_path_factory):
    """grade_source(assignment, source text) -> (report, schema-valid results document), cached."""
    directory = str(tmp_path_factory.mktemp("graded"))
    return lambda assignment, source: _grade_text(assignment, source, directory)


def function_scores(report) -> dict:
    return {f.name: (f.score, f.points) for f in report.functions}


def failed_messages(report, function: str) -> str:
    return "\n".join(c.message for f in report.functions if f.name == function for c in f.cases if not c.passed)


def graded_bug(grade_source, assignment: str, bug: str):
    """The report of the reference patched by tests/submissions/<assignment>/bugs/<bug>.py."""
    return grade_source(assignment, patched_source(assignment, SUBMISSIONS / assignment / "bugs" / f"{bug}.py"))[0]


def bug_messages(grade_source, assignment: str, bug: str, function: str) -> str:
    """The failure messages of ``function`` when tests/submissions/<assignment>/bugs/<bug>.py is graded."""
    return failed_messages(graded_bug(grade_source, assignment, bug), function)


PROJECT_FILES = ["autograder", "assignments", "reference", "run_autograder", "setup.sh", "pyproject.toml"]


@pytest.fixture
def gradescope_root(tmp_path) -> Path:
    """A temporary /autograder: the project copied into source/, empty submission/ and results/."""
    source = tmp_path / "source"
    for name in PROJECT_FILES:
        path = PROJECT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    (tmp_path / "submission").mkdir()
    (tmp_path / "results").mkdir()
    return tmp_path


def run_autograder(root: Path, script: Path, *args, timeout: float = 600, **env):
    """Run a run_autograder script as Gradescope does; return (process, schema-valid results)."""
    completed = subprocess.run(["bash", str(script), *args], capture_output=True, text=True, timeout=timeout,
                               env={**os.environ, "AUTOGRADER_ROOT": str(root), **env})
    document = json.loads((root / "results" / "results.json").read_text())
    validate(document)
    return completed, document
