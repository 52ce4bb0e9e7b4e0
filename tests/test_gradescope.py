"""run_autograder in a temporary folder laid out like Gradescope's /autograder."""
from __future__ import annotations

import os
import shutil
import sys

import pytest

from autograder.gradescope import find_submission
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


# ----------------------------------------------------------------------------- which file is graded


def _write(path, text, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def test_of_two_files_at_one_depth_the_one_that_is_not_the_starter_is_graded_and_the_results_say_so(root):
    starter = (root / "source" / "assignments" / "hw1" / "hw1.py").read_text()
    _write(root / "submission" / "a" / "hw1.py", starter, mtime=2_000_000_000)  # the newer, but the starter
    _write(root / "submission" / "b" / "hw1.py", reference_file("hw1").read_text(), mtime=1_000_000_000)
    _, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 29
    assert "Graded b/hw1.py; not graded: a/hw1.py" in document["output"].replace("\\", "")


def test_of_two_edited_files_at_one_depth_the_newest_is_graded(root):
    _write(root / "submission" / "old" / "hw1.py", "x = 1\n", mtime=1_000_000_000)
    _write(root / "submission" / "new" / "hw1.py", reference_file("hw1").read_text(), mtime=2_000_000_000)
    _, document = run_autograder(root, root / "source" / "run_autograder", "hw1")
    assert document["score"] == 29
    assert "Graded new/hw1.py; not graded: old/hw1.py" in document["output"].replace("\\", "")


@pytest.mark.parametrize("graded, ignored", [("hw1.py", "deeper/hw1.py"), ("deep/er/hw1.py", "HW1.py")])
def test_the_exact_name_nearest_the_top_is_graded(tmp_path, graded, ignored):
    _write(tmp_path / ignored, "x = 1\n", mtime=2_000_000_000)
    _write(tmp_path / graded, "y = 2\n", mtime=1_000_000_000)
    found = find_submission(tmp_path, "hw1.py")
    assert found.path == tmp_path / graded and found.ignored == (tmp_path / ignored,)
    assert found.notes(tmp_path)[0].startswith(f"Graded {graded}; not graded: {ignored}.")


def test_a_single_file_at_the_top_needs_no_note_and_a_nested_one_is_named(tmp_path):
    _write(tmp_path / "hw1.py", "x = 1\n")
    assert find_submission(tmp_path, "hw1.py").notes(tmp_path) == ()
    (tmp_path / "hw1.py").unlink()
    _write(tmp_path / "src" / "hw1.py", "x = 1\n")
    assert find_submission(tmp_path, "hw1.py").notes(tmp_path) == ("Graded src/hw1.py.",)


# ----------------------------------------------------------------------------- the interpreter


def test_run_autograder_grades_with_the_interpreter_setup_installed_into(root, tmp_path):
    used = tmp_path / "used"
    python = tmp_path / "python"
    python.write_text(f"#!/bin/sh\necho \"$@\" >> {used}\nexec {sys.executable} \"$@\"\n")
    python.chmod(0o755)
    (root / "source" / ".autograder-python").write_text(f"{python}\n")
    shutil.copy(reference_file("hw1"), root / "submission" / "hw1.py")
    _, document = run_autograder(root, root / "source" / "run_autograder", "hw1", PYTHON="/nonexistent/python")
    assert document["score"] == 29
    assert "-m autograder gradescope hw1" in used.read_text()
