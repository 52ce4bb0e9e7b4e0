"""The command line: help texts, the students' check, staff grading and calibration."""
from __future__ import annotations

import json
import os
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


#: (arguments, exit code, words the one message must have); run from an empty folder.
EARLY_EXITS = [
    (["grade", "--help"], 0, "usage: autograder grade"),
    (["grade"], 2, "the following arguments are required: assignment, file"),
    (["check", "hw9"], 2, "set AUTOGRADER_ASSIGNMENTS to the folder that holds the assignments"),
    (["grade", "hw1", "no-such-file.py"], 2, "no file no-such-file.py"),
    (["check", "hw1"], 2, "or pass its path: `autograder check hw1 path/to/hw1.py`"),
]
#: The console entry point, with the fork server's first start recorded in a file (argv: the file, then
#: the command's): whether the grading modules were imported by then, and whether the server could be a fork.
RECORDING_RUN = ("import json, sys; from pathlib import Path; from autograder import cli, forkserver; "
                 "mark, sys.argv[1:] = Path(sys.argv[1]), sys.argv[2:]; start = forkserver.prestart; "
                 "record = lambda: mark.exists() or mark.write_text(json.dumps({'grading': 'autograder.grading' in sys.modules, "
                 "'fork': forkserver.may_fork_server()})); "
                 "forkserver.prestart = lambda *a, **k: (record(), start(*a, **k))[1]; cli.run()")


def run_console(folder, mark, *argv, **env):
    env = {**os.environ, "PYTHONPATH": str(PROJECT), **env}
    return subprocess.run([sys.executable, "-c", RECORDING_RUN, str(mark), *argv], capture_output=True, text=True,
                          cwd=folder, env=env, timeout=300)


@pytest.mark.parametrize("argv, code, words", EARLY_EXITS, ids=[" ".join(e[0]) for e in EARLY_EXITS])
def test_an_early_exit_says_one_clear_thing_and_starts_no_fork_server(tmp_path, argv, code, words):
    folder, mark = tmp_path / "empty", tmp_path / "server-started"
    folder.mkdir()
    completed = run_console(folder, mark, *argv)
    assert completed.returncode == code, completed.stderr
    said = completed.stdout if code == 0 else completed.stderr
    assert words in said.replace("\n", " ") and "Traceback" not in completed.stdout + completed.stderr
    if code:
        assert completed.stdout == "" and len(completed.stderr.strip().splitlines()) <= 2, completed.stderr
    assert not mark.exists()


@pytest.mark.parametrize("command", ["check", "grade"])
def test_a_command_that_grades_starts_its_fork_server_before_its_imports(tmp_path, command):
    """The server's start overlaps the grading modules' imports, and with the workers' hash seed
    (run_autograder's) it is a fork of this process, not a second interpreter importing NumPy."""
    mark = tmp_path / "server-started"
    shutil.copy(reference_file("hw1"), tmp_path / "hw1.py")
    completed = run_console(tmp_path, mark, command, "hw1", "hw1.py", PYTHONHASHSEED="0")
    assert completed.returncode == 0 and "Traceback" not in completed.stderr, completed.stderr
    assert json.loads(mark.read_text()) == {"grading": False, "fork": True}


def test_a_reader_that_stops_reading_gets_no_traceback_and_the_results_are_written(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "hw1", str(reference_file("hw1")),
                                "--out", str(tmp_path / "results.json")], cwd=PROJECT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # as `| head` does once it has read what it wanted
    assert "Traceback" not in process.stderr.read()
    assert process.wait(timeout=120) == 141
    validate(json.loads((tmp_path / "results.json").read_text()))
