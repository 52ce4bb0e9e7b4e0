"""The command line: help texts, the students' check, staff grading and calibration."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from autograder import versions
from autograder.cli import main
from autograder.results import validate
from conftest import PROJECT, reference_file, starter_file


@pytest.mark.parametrize("command", [[], ["grade"], ["check"], ["calibrate"], ["freeze"], ["gradescope"]])
def test_every_command_explains_itself(command):
    completed = subprocess.run([sys.executable, "-m", "autograder", *command, "--help"],
                               capture_output=True, text=True, cwd=PROJECT)
    assert completed.returncode == 0 and "usage: autograder" in completed.stdout


def test_check_reports_per_function_and_what_rides_on_hidden_cases(tmp_path, monkeypatch, capsys):
    shutil.copy(reference_file("hw1"), tmp_path / "hw1.py")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(versions.GRADESCOPE_VERSIONS, "numpy", "0.0.1")
    assert main(["check", "hw1"]) == 0
    out = capsys.readouterr().out
    assert "PASS  deep_linear_grads" in out
    assert "ride on hidden cases" in out and "not a full grade" in out
    assert "Warning: you have numpy" in out and "Gradescope uses 0.0.1" in out


def test_check_shows_failures_with_the_comparison_message(tmp_path, capsys):
    path = tmp_path / "hw1.py"
    path.write_text(reference_file("hw1").read_text() + "\ndef end_to_end(Ws):\n    return -_product(Ws)\n")
    assert main(["check", "hw1", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  end_to_end" in out and "sign error" in out


def test_check_works_without_the_reference_solutions(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRADER_REFERENCE", str(tmp_path / "nowhere"))
    assert main(["check", "hw1", str(starter_file("hw1"))]) == 1
    assert "not implemented yet" in capsys.readouterr().out


def test_grade_writes_valid_results(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert main(["grade", "hw1", str(reference_file("hw1")), "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    validate(document)
    assert document["score"] == 29 and "29 / 29" in capsys.readouterr().out


def test_unknown_assignment_and_missing_file_are_clear_errors(capsys):
    assert main(["grade", "hw9", "x.py"]) == 2
    assert "no assignment 'hw9'" in capsys.readouterr().err
    assert main(["grade", "hw1", "no-such-file.py"]) == 2
    assert "no file no-such-file.py" in capsys.readouterr().err


def calibrated_rows(tmp_path, capsys, patch_source: str) -> list:
    """The lines of `autograder calibrate hw1` with the reference patched by ``patch_source``."""
    patch = tmp_path / "patch.py"
    patch.write_text(patch_source)
    assert main(["calibrate", "hw1", str(patch), "--base", str(reference_file("hw1"))]) == 0
    return capsys.readouterr().out.splitlines()


def test_calibrate_prints_the_fraction_of_each_tolerance_used(tmp_path, capsys):
    lines = calibrated_rows(tmp_path, capsys, "def end_to_end(Ws):\n    return -_product(Ws)\n")
    assert "FAIL" in next(line for line in lines if line.startswith("end_to_end: reference"))
    assert "FAIL" not in next(line for line in lines if line.startswith("deep_linear_loss: reference"))


def test_versions_match_the_pins():
    pins = (PROJECT / "pyproject.toml").read_text()
    for package, version in versions.GRADESCOPE_VERSIONS.items():
        assert f'"{package}=={version}"' in pins


def test_calibrate_shows_calls_that_raised_as_failures(tmp_path, capsys):
    lines = calibrated_rows(tmp_path, capsys, "def deep_linear_loss(Ws, X, Y):\n    raise ValueError('broken helper')\n")
    row = next(line for line in lines if line.startswith("deep_linear_loss: (call)"))
    assert "FAIL inf" in row and "raised, timed out or crashed" in row
    assert not [line for line in lines if line.startswith("end_to_end: (call)")]
