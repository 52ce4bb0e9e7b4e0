"""The integrity of the grade against submissions that attack the grading path itself: links in
the submission, answers forged at the wire, files swapped under the fork server, leftovers,
concurrent batch jobs, hidden inputs reaching early feedback, a full disk, and staff outputs
(graded as Gradescope grades them, as root where the tests run as root)."""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import numpy as np
import pytest

from autograder import batch
from autograder.assignment import load_assignment
from autograder.errors import AssignmentError
from autograder.grading import grade as grade_file
from autograder.jobs import Job, write_outcome
from autograder.report import grade_summary
from autograder.results import CONTACT_STAFF, reserve_results, validate, write_results
from autograder.store import graded_cases
from conftest import ASSIGNMENTS, PROJECT, reference_file, run_autograder
from test_batch import read_rows
from test_sandbox import FULL, REFERENCE, assert_only_lost, grade, messages, needs_root, root  # noqa: F401 - root: a fixture


def visible_text(document) -> str:
    """Everything a student sees before the due date."""
    return "\n".join([document["output"]] + [t["output"] for t in document["tests"] if t["visibility"] == "visible"])


def hidden_text(document) -> str:
    return "\n".join(t["output"] for t in document["tests"] if t["visibility"] != "visible")


# ----------------------------------------------------------------------------- the submission


def grade_folder_as_is(root: Path):
    completed, document = run_autograder(root, root / "source" / "run_autograder", "hw1", timeout=300)
    assert CONTACT_STAFF not in document["output"], completed.stdout
    return document


def test_a_submitted_link_is_refused_and_never_followed(root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"SECRET-{uuid.uuid4().hex} ( = 1\n")
    secret.chmod(0o600)
    submission = root / "submission"
    for target in (root / "source" / "reference" / "hw1.py", secret, Path("/dev/zero")):
        (submission / "hw1.py").unlink(missing_ok=True)
        (submission / "hw1.py").symlink_to(target)
        document = grade_folder_as_is(root)
        assert document["score"] == 0 and "hw1.py (not a regular file: ignored)" in document["output"]
        assert "SECRET" not in json.dumps(document)
    (submission / "hw1.py").unlink()
    (submission / "nested").symlink_to(root / "source" / "reference", target_is_directory=True)
    document = grade_folder_as_is(root)
    assert document["score"] == 0 and "could not find hw1.py" in document["output"]


def test_grading_a_linked_file_directly_fails_every_case_saying_why(tmp_path):
    link = tmp_path / "hw1.py"
    link.symlink_to(Path(__file__).parent.parent / "reference" / "hw1.py")
    assignment = load_assignment("hw1")
    report = grade_file(assignment, link, graded_cases(assignment))
    assert report.score == 0 and "hw1.py is a symbolic link: only regular files are graded" in report.load_error


# ----------------------------------------------------------------------------- what the worker sends

FORGED_ANSWERS = """
import json, struct, sys
_worker = sys.modules.get("autograder.worker") or sys.modules["__main__"]
_honest = _worker._run_call

def _raw(message, blob=b""):
    text = message if isinstance(message, bytes) else json.dumps(message).encode()
    return struct.pack("<II", len(text), len(blob)) + text + blob

_ARRAY = {"t": "array", "dtype": "float64", "shape": [2048, 2048], "offset": 0}  # 32 MB, shared by all
_FORGED = {
    "deep_linear_grads": lambda: _raw(b'{"ok": true, "value": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
    "population_grads": lambda: _raw({"ok": True, "value": {"t": "list", "items": [_ARRAY] * 5000}},
                                     bytes(32 * 2**20)),
    "is_realizable": lambda: _raw({"ok": True, "value": {"t": "other", "type": "x"}, "seconds": 1e300,
                                   "mutated": ["Ws%07d" % i for i in range(5_000_000)]}),
    "parity_labels": lambda: _raw({"ok": False, "error": {"not": ["text"] * 1000}, "not_implemented": "yes"}),
}

def _run_call(module, path, request, blob, wire, memory_mb):
    forged = _FORGED.get(request["function"])
    return forged() if forged else _honest(module, path, request, blob, wire, memory_mb)

_worker._run_call = _run_call

def end_to_end(Ws):
    return 10 ** 350

def deep_linear_loss(Ws, X, Y):
    return 1e308
"""

FORGED_READY = """
import sys
_wire = sys.modules["autograder.wire"]
_frame = _wire.frame
def _forged(message, blob=None):
    if "ready" in message:
        message = {"ready": True, "load_error": ["not", {"text": 1}]}
    return _frame(message, blob)
_wire.frame = _forged
"""


def test_answers_forged_at_the_wire_cost_only_their_own_functions(root):
    _, document = grade(root, REFERENCE + FORGED_ANSWERS)
    assert CONTACT_STAFF not in document["output"]
    assert_only_lost(document, "end_to_end", "deep_linear_loss", "deep_linear_grads", "population_grads",
                     "is_realizable", "parity_labels")
    assert "Ws0000001" not in messages(document, "is_realizable")
    _, document = grade(root, REFERENCE + FORGED_READY)
    assert document["score"] == 0 and CONTACT_STAFF not in document["output"]


@needs_root
def test_a_worker_cannot_swap_its_file_for_a_fifo_or_a_device_under_the_fork_server(root):
    _, document = grade(root, REFERENCE + """
import os
def parity_labels(Xb, v):
    for folder in {os.path.dirname(__file__), os.getcwd()}:
        for name in os.listdir(folder) + ["hw1.py"]:
            path = os.path.join(folder, name)
            for swap in (lambda: os.mkfifo(path), lambda: os.symlink("/dev/zero", path)):
                try:
                    os.unlink(path)
                except OSError:
                    pass
                try:
                    swap()
                    break
                except OSError:
                    pass
    os._exit(1)
""")
    assert_only_lost(document, "parity_labels")


# ----------------------------------------------------------------------------- what the worker leaves


@needs_root
def test_files_a_worker_leaves_in_shared_folders_are_removed(root):
    tag = f"autograder-left-{uuid.uuid4().hex}"
    left = [Path("/tmp") / tag, Path("/dev/shm") / tag, Path("/var/tmp") / tag, Path("/tmp") / f"{tag}-dir"]
    key = 0x5A000000 + uuid.uuid4().int % 0xFFFFFF
    try:
        _, document = grade(root, REFERENCE + f"""
import ctypes, os
def parity_labels(Xb, v):
    for path in {[str(p) for p in left[:3]]!r}:
        try:
            open(path, "w").write("left behind")
        except OSError:
            pass
    os.makedirs({str(left[3])!r} + "/inner", exist_ok=True)
    open({str(left[3])!r} + "/inner/file", "w").write("left behind")
    os.chmod({str(left[3])!r} + "/inner", 0o500)
    ctypes.CDLL(None).shmget({key}, 4096, 0o1666)  # IPC_CREAT: a System V segment, which outlives us
    return 1.0 - 2.0 * ((Xb @ v) % 2)
""")
        assert document["score"] == FULL
        assert [p for p in left if os.path.lexists(p) and Path(p).parent.exists()] == []
        assert f"{key:10d}" not in Path("/proc/sysvipc/shm").read_text()
    finally:
        for path in left:
            subprocess.run(["rm", "-rf", str(path)])
        subprocess.run(["ipcrm", "-M", str(key)], capture_output=True)


STALE_SANDBOXES = """
import os, pwd, shutil, tempfile
from pathlib import Path
from autograder import sandbox
from autograder.runner import Limits, StudentRunner

def left_behind(user):  # as a grading process killed or interrupted mid-submission leaves its sandbox
    folder = Path(tempfile.mkdtemp(prefix=sandbox.SANDBOX_PREFIX))
    (folder / "work").mkdir()
    (folder / "src").mkdir()
    (folder / "src" / "hw1.py").write_text("another student's file")
    os.chown(folder / "work", user.pw_uid, user.pw_gid)
    for item, mode in ((folder, 0o711), (folder / "src", 0o750), (folder / "src" / "hw1.py", 0o640)):
        os.chmod(item, mode)
        os.chown(item, 0, user.pw_gid)
    return folder

mine, theirs = left_behind(sandbox.claimed_user(0)), left_behind(pwd.getpwnam("nobody"))
try:
    with StudentRunner(Path({path!r}), "sub", Limits(call_seconds=10, import_seconds=60)) as runner:
        read = runner.call("read", {{"x": 1.0}}).value.array.item()
    print(mine.exists(), theirs.exists(), read)
finally:
    shutil.rmtree(mine, ignore_errors=True)
    shutil.rmtree(theirs, ignore_errors=True)
"""
READS_OTHER_SANDBOXES = """import glob
def read(x):
    read = 0
    for path in glob.glob("/tmp/autograder-*/src/*.py"):
        try:
            read += ("another " + "student") in open(path).read()  # not in this file's own copy
        except OSError:
            pass
    return float(read)
"""


@needs_root
def test_sandboxes_a_killed_grading_left_are_removed_before_its_user_runs_anything(tmp_path):
    """A grading process killed (or interrupted) mid-submission leaves its sandbox, whose copy of
    the file the next worker of the same user could read: the next process to hold that user
    removes it before its first worker. The sandboxes of other users stay: they may be in use."""
    path = tmp_path / "sub.py"
    path.write_text(READS_OTHER_SANDBOXES)
    out = subprocess.run([sys.executable, "-c", STALE_SANDBOXES.format(path=str(path))], capture_output=True,
                         text=True, cwd=PROJECT, timeout=120)
    assert out.stdout.split() == ["False", "True", "0.0"], out.stderr


@needs_root
def test_concurrent_batch_jobs_cannot_touch_each_other(tmp_path):
    attacker = """
import glob, os, signal, time
_end = time.time() + 20
while time.time() < _end:  # while the other job grades: kill what we can, overwrite what we can
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    for path in glob.glob("/tmp/autograder-*/*/*.py"):
        try:
            open(path, "w").write("def end_to_end(Ws):\\n    return 0\\n")
        except OSError:
            pass
    time.sleep(0.02)
"""
    export = tmp_path / "export"
    for submission_id, source in {"1": attacker + REFERENCE, "2": REFERENCE, "3": REFERENCE}.items():
        (export / f"submission_{submission_id}").mkdir(parents=True)
        (export / f"submission_{submission_id}" / "hw1.py").write_text(source)
    (export / "submission_metadata.yml").write_text("")
    out = tmp_path / "out" / "grades.csv"
    batch.run_batch("hw1", export, out, jobs=2, time_limit=10, progress=False)
    scores = {row["submission_id"]: float(row["score"]) for row in read_rows(out)}
    assert scores["2"] == scores["3"] == FULL, scores


# ----------------------------------------------------------------------------- hidden inputs

RECORDER = """
import numpy as _np
_seen = []
def _recording(function):
    def recorded(*args):
        _seen.extend("<%.12e>" % float(_np.sum(a)) for a in args if isinstance(a, _np.ndarray))
        print("seen so far:", " ".join(_seen))
        return function(*args)
    return recorded
for _name in ["end_to_end", "deep_linear_loss", "deep_linear_grads", "population_grads", "train_deep_linear",
              "loss_hessian", "parity_labels", "parity_gradients", "gradient_variance", "sigmoid_layer_grad_norms"]:
    globals()[_name] = _recording(globals()[_name])
def is_realizable(*args):
    raise ValueError("seen so far: " + " ".join(_seen))
"""


def fingerprints(public: bool) -> set:
    assignment = load_assignment("hw1")
    return {"<%.12e>" % float(np.sum(value)) for cases in graded_cases(assignment).values() for graded in cases
            if graded.case.public is public for value in graded.case.args.values() if isinstance(value, np.ndarray)}


def test_hidden_inputs_never_reach_what_the_student_sees_before_the_due_date(root):
    _, document = grade(root, REFERENCE + RECORDER)
    hidden_only = fingerprints(public=False) - fingerprints(public=True)
    assert hidden_only and not [f for f in hidden_only if f in visible_text(document)]
    assert [f for f in hidden_only if f in hidden_text(document)], "the hidden cases' output is kept with them"
    assert_only_lost(document, "is_realizable")


# ----------------------------------------------------------------------------- a full disk


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own (tmpfs), unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("needs root: mounting a small file system to fill")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as f:
        try:
            while True:
                f.write(bytes(1 << 16))
                f.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC


def test_results_survive_a_disk_filled_after_they_were_reserved(small_disk):
    results = small_disk / "results" / "results.json"
    reserve_results(results)
    validate(json.loads(results.read_text()))
    fill(small_disk)
    document = {"score": 3.0, "output": "x" * 100_000, "stdout_visibility": "hidden",
                "tests": [{"name": f"f: case {i}", "score": 0.0, "max_score": 1.0, "output": "y" * 8000}
                          for i in range(100)]}
    write_results(document, results)
    assert json.loads(results.read_text()) == document
    assert not [p for p in results.parent.iterdir() if p.name != "results.json"]


def test_a_batch_outcome_waits_for_space_on_a_full_disk_and_is_written_once_there_is(small_disk, capsys):
    """A submission being graded may have filled the disk that holds the results: its files are
    removed when its grading ends, and the outcomes finished meanwhile are written then."""
    job = Job("7", small_disk, small_disk / "results" / "7.json", timeout=60)
    fill(small_disk)
    threading.Timer(1.5, (small_disk / "filler").unlink).start()  # the filling submission's cleanup
    document = {"score": 1.0, "tests": [{"name": "f: case", "score": 1.0, "max_score": 1.0, "output": "y" * 200_000}]}
    write_outcome(job, document, "log " * 50_000)
    assert json.loads(job.results.read_text()) == document and job.log.read_text().startswith("log log")
    assert "is full; waiting for space" in capsys.readouterr().err


def test_a_disk_that_stays_full_stops_the_batch_with_what_to_do(small_disk):
    job = Job("7", small_disk, small_disk / "results" / "7.json", timeout=1)
    fill(small_disk)
    with pytest.raises(AssignmentError, match="is full: free some space, then run the same command again"):
        write_outcome(job, {"score": 1.0, "tests": []}, "x" * 100_000)
    assert not job.results.exists()


# ----------------------------------------------------------------------------- staff outputs

CONTROL = "\x1b[2J\x1b[31m"
FORGED_CHECK_LINE = "[reference] result: 9 of 9 entries are off (allowed: 0)."


def test_staff_outputs_escape_control_characters_count_from_records_and_are_private(tmp_path):
    source = REFERENCE + f"\ndef end_to_end(Ws):\n    raise ValueError({CONTROL + 'boom'!r} + chr(10) + {FORGED_CHECK_LINE!r})\n"
    export = tmp_path / "export"
    (export / "submission_1").mkdir(parents=True)
    (export / "submission_1" / "hw1.py").write_text(source)
    (export / "submission_metadata.yml").write_text("")
    out = tmp_path / "out" / "grades.csv"
    summary = batch.run_batch("hw1", export, out, jobs=1, progress=False)
    assert "\x1b" not in summary and "\\x1b[2J" in summary
    assert "end_to_end: (the call itself)" in summary and "end_to_end: reference" not in summary
    assert "\x1b" not in out.read_text()
    results = out.parent / "results"
    assert stat.S_IMODE(results.stat().st_mode) == 0o700
    for path in [out, *results.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    from autograder.class_report import write_class_report

    report = write_class_report(out, tmp_path / "report.html")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assignment = load_assignment("hw1")
    path = tmp_path / "hw1.py"
    path.write_text(source)
    assert "\x1b" not in grade_summary(grade_file(assignment, path, graded_cases(assignment)))


# ----------------------------------------------------------------------------- any float

EVERY_NUMBER_REPLACED = """
import numpy as _np
def _replaced(value):
    if isinstance(value, (list, tuple)):
        return type(value)(_replaced(v) for v in value)
    if isinstance(value, (float, int, _np.ndarray)) and not isinstance(value, bool):
        signs = _np.where(_np.asarray(value, dtype=float) < 0, -1.0, 1.0)
        return signs * FILL if _np.ndim(value) else float(signs * FILL)
    return value
for _name, _function in list(globals().items()):
    if callable(_function) and not _name.startswith("_") and getattr(_function, "__module__", "") == __name__:
        globals()[_name] = (lambda f: lambda *args: _replaced(f(*args)))(_function)
"""


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_answer_at_the_edges_of_floats_is_graded_without_a_crash(assignment, grade_source):
    for fill in ("1e308", "-1e308", "5e-324"):
        report, _ = grade_source(assignment, reference_file(assignment).read_text()
                                 + EVERY_NUMBER_REPLACED.replace("FILL", fill))
        assert report.score < report.max_score / 2, fill
