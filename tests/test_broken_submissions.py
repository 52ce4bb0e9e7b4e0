"""Broken submissions: every one leaves valid results, clear messages, and costs only its own points."""
from __future__ import annotations

import dataclasses
import re
import time

import pytest

from autograder.assignment import load_assignment
from autograder.grading import grade
from autograder.results import results_document, validate
from autograder.store import live_cases
from conftest import failed_messages, function_scores, reference_file, with_reference

REFERENCE = reference_file("hw1").read_text()
SHORT_LIMIT = 3.0
FULL_SCORE = 29.0


@pytest.fixture(scope="module")
def hw1():
    """hw1 with short time limits, so that hanging submissions are cut quickly."""
    a = load_assignment("hw1")
    functions = tuple(dataclasses.replace(f, time_limit=SHORT_LIMIT) for f in a.functions)
    return dataclasses.replace(a, functions=functions), live_cases(a)


def grade_text(hw1, tmp_path, source: str):
    assignment, cases = hw1
    path = tmp_path / "hw1.py"
    path.write_text(source)
    report = grade(assignment, path, cases)
    validate(results_document(report))
    return report


def lost_points(report) -> set:
    return {name for name, (score, points) in function_scores(report).items() if score < points}




def test_syntax_error_fails_every_case_with_the_line(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, REFERENCE + "\ndef broken(:\n    pass\n")
    assert report.score == 0
    assert "SyntaxError" in report.load_error and "line" in report.load_error


def test_missing_function_costs_only_that_function(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, REFERENCE + "\ndel parity_labels\n")
    assert lost_points(report) == {"parity_labels"}
    assert "has no function parity_labels()" in failed_messages(report, "parity_labels")


def test_exception_shows_type_message_and_student_line(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", "def end_to_end(Ws):\n    raise ValueError('oops')\n"))
    assert lost_points(report) == {"end_to_end"}
    message = failed_messages(report, "end_to_end")
    assert "ValueError: oops" in message and "in end_to_end" in message


def test_wrong_shape_and_nan_are_named(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", 
        "def deep_linear_loss(Ws, X, Y):\n    return np.array([0.5 * np.sum((end_to_end(Ws) @ X - Y) ** 2)])\n"
        "def parity_labels(Xb, v):\n    return np.full(len(Xb), np.nan)\n"))
    assert lost_points(report) == {"deep_linear_loss", "parity_labels"}
    assert "expected a scalar" in failed_messages(report, "deep_linear_loss")
    assert "NaN" in failed_messages(report, "parity_labels")


def test_mutated_input_is_named(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", 
        "_end_to_end = end_to_end\n"
        "def end_to_end(Ws):\n    P = _end_to_end(Ws)\n    Ws[0][0, 0] = 123.0\n    return P\n"))
    assert lost_points(report) == {"end_to_end"}
    assert "modified its argument 'Ws'" in failed_messages(report, "end_to_end")


def test_disallowed_import_at_top_names_the_module(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, "import scipy.linalg\n" + REFERENCE)
    assert report.score == 0
    assert "module 'scipy' is not allowed" in report.load_error


def test_disallowed_import_inside_a_function_costs_only_that_function(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", 
        "def gradient_variance(G):\n    import sklearn\n    return 0.0\n"))
    assert lost_points(report) == {"gradient_variance"}
    assert "module 'sklearn' is not allowed" in failed_messages(report, "gradient_variance")


def test_exit_at_import_is_reported(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, "import sys\nsys.exit(3)\n" + REFERENCE)
    assert report.score == 0 and "sys.exit(3)" in report.load_error


def test_process_exit_inside_a_function_costs_only_that_function(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", "import os\ndef end_to_end(Ws):\n    os._exit(0)\n"))
    assert lost_points(report) == {"end_to_end"}
    assert "ended the process" in failed_messages(report, "end_to_end")


def test_infinite_loop_is_cut_at_the_time_limit(hw1, tmp_path):
    start = time.monotonic()
    report = grade_text(hw1, tmp_path, with_reference("hw1", "def parity_labels(Xb, v):\n    while True:\n        pass\n"))
    assert lost_points(report) == {"parity_labels"}
    assert f"time limit of {SHORT_LIMIT:g} s" in failed_messages(report, "parity_labels")
    assert time.monotonic() - start < 4 * (SHORT_LIMIT + 3) + 30


def test_segfault_costs_only_that_function(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", 
        "import ctypes\ndef end_to_end(Ws):\n    return ctypes.string_at(0)\n"))
    assert lost_points(report) == {"end_to_end"}
    assert "SIGSEGV" in failed_messages(report, "end_to_end")


def test_printing_is_captured_and_truncated(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, "print('x' * 1_000_000)\n" + REFERENCE)
    assert report.score == report.max_score
    assert report.printed.endswith("(output truncated)") and len(report.printed) < 5000


def test_warnings_and_errors_name_the_students_file_never_the_sandbox(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", """
import os, warnings
def end_to_end(Ws):
    np.log(-np.ones(1))
    warnings.warn("my own warning")
    raise OSError("could not open " + os.path.join(os.getcwd(), "data.txt"))
"""))
    shown = report.printed + failed_messages(report, "end_to_end")
    assert re.search(r"^hw1\.py:\d+: RuntimeWarning: invalid value encountered in log$", shown, re.MULTILINE)
    assert re.search(r"^hw1\.py:\d+: UserWarning: my own warning$", shown, re.MULTILINE)
    assert "OSError: could not open data.txt" in shown
    assert "/tmp/" not in shown and "autograder-" not in shown


def test_unconvertible_return_is_described(hw1, tmp_path):
    report = grade_text(hw1, tmp_path, with_reference("hw1", 
        "class Matrix:\n    def __array__(self, *a, **k):\n        raise SystemExit\n"
        "def end_to_end(Ws):\n    return Matrix()\n"))
    assert lost_points(report) == {"end_to_end"}
    assert "an object of type Matrix" in failed_messages(report, "end_to_end")


FORGE_ANSWER = """
import fcntl, os, stat, struct
def end_to_end(Ws):
    for fd in range(3, 64):  # every pipe this process may write to: the grader's answers
        try:
            writable = stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_WRONLY
        except OSError:
            continue
        if writable:
            os.write(fd, struct.pack("<II", len(FRAME), BLOB) + FRAME)
    return Ws[0]
"""


@pytest.mark.parametrize("frame, blob, words", [
    (b"", 1 << 30, "returned more than 64 MB of data"),
    (b"{not json", 0, "sent a malformed answer"),
    (b'{"ok": true, "value": {"t": "array", "dtype": "float64", "shape": [4], "offset": 0}}', 16,
     "returned a value that could not be read"),
])
def test_answers_forged_on_the_grader_pipe_cost_only_that_function(hw1, tmp_path, frame, blob, words):
    """The worker that sent them is replaced: later calls are not answered from its stream."""
    forger = f"FRAME, BLOB = {frame!r}, {blob}\n" + FORGE_ANSWER
    report = grade_text(hw1, tmp_path, with_reference("hw1", forger))
    assert lost_points(report) == {"end_to_end"}
    assert words in failed_messages(report, "end_to_end")


def test_grading_twice_gives_the_same_results_but_for_timings(hw1, tmp_path):
    source = with_reference("hw1", "def end_to_end(Ws):\n    return -_product(Ws)\n")
    first, second = (results_document(grade_text(hw1, tmp_path, source)) for _ in range(2))
    for document in (first, second):
        document.pop("execution_time")
    assert first == second and first["score"] < FULL_SCORE
