"""run_autograder in a temporary folder laid out like Gradescope's /autograder."""
from __future__ import annotations

import shutil

import pytest

from conftest import reference_file, run_autograder

@pytest.fixture
def root(gradescope_root):
    return gradescope_root


def test_grades_a_correct_submission_from_the_source_folder(root):
    shutil.copy(reference_file("hw1"), root / "submission" / "hw1.py")
    completed, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 29
    assert all(t["status"] == "passed" for t in document["tests"])
    assert {t["visibility"] for t in document["tests"]} == {"visible", "after_due_date"}
    assert isinstance(document["execution_time"], (int, float))
    assert "29 / 29" in completed.stdout


def test_copy_at_the_root_finds_a_nested_file_and_the_assignment_from_the_environment(root):
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    nested = root / "submission" / "my-work" / "src"
    nested.mkdir(parents=True)
    shutil.copy(reference_file("hw1"), nested / "hw1.py")
    _, document = run_autograder(root, root / "run_autograder", AUTOGRADER_ASSIGNMENT="hw1")
    assert document["score"] == 29


def test_missing_file_scores_zero_and_says_what_was_found(root):
    (root / "submission" / "homework1.py").write_text("x = 1\n")
    _, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 0
    assert "could not find hw1.py" in document["output"] and "homework1.py" in document["output"]


def test_a_failing_grader_gives_zero_and_contact_staff_with_the_traceback_for_staff(root):
    shutil.copy(reference_file("hw1"), root / "submission" / "hw1.py")
    grader = root / "source" / "assignments" / "hw1" / "grader.py"
    grader.write_text(grader.read_text() + "\nraise RuntimeError('grader bug')\n")
    completed, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 0 and "contact course staff" in document["output"]
    assert "grader bug" not in document["output"]
    assert "RuntimeError: grader bug" in completed.stdout + completed.stderr


def test_results_are_written_even_when_the_engine_cannot_start(root):
    (root / "source" / "autograder" / "cli.py").write_text("raise ImportError('broken install')\n")
    _, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 0 and "contact course staff" in document["output"]
