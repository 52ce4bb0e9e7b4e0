"""Batch grading of a made-up Gradescope export: rows, scores, results, summary, reruns, failures."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder import batch, jobs as batch_jobs, local_pool
from autograder.class_report import FIXED_COLUMNS, score_buckets
from autograder.assignment import load_assignment
from autograder.export import Submitter, read_export
from autograder.gradescope import missing_file_document, run_gradescope
from autograder.procfs import stat_fields
from autograder.results import CONTACT_STAFF, validate
from autograder.store import live_cases
from conftest import PROJECT, SUBMISSIONS, reference_file

REFERENCE = reference_file("hw1").read_text()
HANGS = "\n\ndef parity_labels(Xb, v):\n    while True:\n        pass\n"
TIME_LIMIT = "2"  # seconds per call: cuts the hanging submission quickly, ample for correct code

METADATA = """\
submission_1001:
  :submitters:
  - :name: Alice Liddell
    :sid: '0042'
    :email: alice@example.edu
  - :name: Bob Builder
    :sid: 1043
    :email: bob@example.edu
  :created_at: 2025-01-31 23:58:00.000000000 -08:00
  :score: 29.0
  :status: processed
submission_1002:
  :submitters:
  - :name: Carol
    :sid: '0044'
    :email: carol@example.edu
submission_1003:
  :submitters:
  - :name: Dan
    :sid: '0045'
    :email: dan@example.edu
submission_1004:
  :submitters:
  - :name: Eve
    :sid: '0046'
    :email: eve@example.edu
submission_1005:
  :submitters:
  - :name: Frank
    :sid: '0047'
    :email: frank@example.edu
submission_1006:
  :submitters:
  - !ruby/hash:ActiveSupport::HashWithIndifferentAccess
    :name: Grace
    :sid: '0048'
    :email: grace@example.edu
"""

#: submission id -> (files in its folder, expected score). 1006 is in the metadata with no folder.
SUBMISSIONS_MADE_UP = {
    "1001": ({"work/hw1.py": REFERENCE}, 29),  # a group of two; the file is nested
    "1002": ({"hw1.py": REFERENCE + "\n\n" + (SUBMISSIONS / "hw1" / "bugs" / "grads_sign_flip.py").read_text()}, 25),
    "1003": ({"hw1.py": REFERENCE + "\ndef broken(:\n    pass\n"}, 0),
    "1004": ({"hw1.py": REFERENCE + HANGS}, 28),
    "1005": ({"homework1.py": "x = 1\n"}, 0),
}


def make_export(folder: Path, ids=None, metadata: str = METADATA) -> Path:
    folder.mkdir(parents=True)
    (folder / "submission_metadata.yml").write_text(metadata)
    for submission_id, (files, _) in SUBMISSIONS_MADE_UP.items():
        if ids is None or submission_id in ids:
            for name, text in files.items():
                path = folder / f"submission_{submission_id}" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    return folder


def run_batch_command(export: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    completed = subprocess.run(
        [sys.executable, "-m", "autograder", "batch", "hw1", str(export), "--out", str(out), *options],
        capture_output=True, text=True, cwd=PROJECT, env=env, timeout=600)
    assert completed.returncode == 0, completed.stderr
    return completed


def read_rows(path: Path) -> list:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The made-up export graded once with two processes: (export, csv path, the command's run)."""
    base = tmp_path_factory.mktemp("batch")
    export = make_export(base / "export")
    out = base / "out" / "grades.csv"
    completed = run_batch_command(export, out, "--jobs", "2", "--time-limit", TIME_LIMIT)
    return export, out, completed


# ----------------------------------------------------------------------------- one full run


def test_one_row_per_submitter_with_scores_per_function(graded):
    _, out, _ = graded
    rows = read_rows(out)
    functions = [f.name for f in load_assignment("hw1").functions]
    assert list(rows[0]) == FIXED_COLUMNS + functions + ["message"]
    assert [(r["submission_id"], r["name"]) for r in rows] == [
        ("1001", "Alice Liddell"), ("1001", "Bob Builder"), ("1002", "Carol"), ("1003", "Dan"),
        ("1004", "Eve"), ("1005", "Frank"), ("1006", "Grace")]
    assert rows[0]["sid"] == "0042" and rows[1]["sid"] == "1043" and rows[1]["email"] == "bob@example.edu"
    scores = {r["submission_id"]: float(r["score"]) for r in rows}
    assert scores == {**{k: float(v[1]) for k, v in SUBMISSIONS_MADE_UP.items()}, "1006": 0.0}
    assert {r["max_score"] for r in rows} == {"29"}
    for row in rows:  # the function columns add up to the score
        assert sum(float(row[f]) for f in functions) == pytest.approx(float(row["score"]))
    by_id = {r["submission_id"]: r for r in rows}
    assert by_id["1001"]["message"] == "" and by_id["1001"]["deep_linear_grads"] == "4"
    assert by_id["1002"]["deep_linear_grads"] == "0" and by_id["1002"]["end_to_end"] == "1"
    assert "[reference]" in by_id["1002"]["message"]
    assert "SyntaxError" in by_id["1003"]["message"]
    assert by_id["1004"]["parity_labels"] == "0" and f"time limit of {TIME_LIMIT} s" in by_id["1004"]["message"]
    assert "could not find hw1.py" in by_id["1005"]["message"] and "homework1.py" in by_id["1005"]["message"]
    assert "Files found: none" in by_id["1006"]["message"]


def test_results_are_what_gradescope_would_get(graded, tmp_path):
    export, out, _ = graded
    results = out.parent / "results"
    for submission_id in [*SUBMISSIONS_MADE_UP, "1006"]:
        document = json.loads((results / f"{submission_id}.json").read_text())
        validate(document)
        assert (results / f"{submission_id}.log").is_file()
    assert not (results / ".grading").exists()
    # The buggy submission graded by run_autograder's code path gives the same document, but for timings.
    root = tmp_path / "autograder"
    shutil.copytree(export / "submission_1002", root / "submission")
    expected = run_gradescope("hw1", root)
    got = json.loads((results / "1002.json").read_text())
    assert {**got, "execution_time": 0} == {**expected, "execution_time": 0}


def test_summary_gives_score_ranges_and_what_fails_most(graded):
    _, _, completed = graded
    out = completed.stdout
    assert "6 submissions, 6 graded now" in out
    lines = out.splitlines()
    assert next(line for line in lines if "29 (full)" in line).split()[2] == "1"
    assert next(line for line in lines if line.strip().startswith("0-<2.9")).split()[1] == "3"
    assert "2  file missing" in out
    grads = lines.index("     1  deep_linear_grads: reference")
    assert "12 of 12 entries are off" in lines[grads + 1]
    assert "     1  deep_linear_grads: autograd" in lines
    hangs = lines.index("     2  parity_labels: (the call itself)")  # the hanging and the broken submission
    assert lines.index("Checks failed (submissions failing each, and the most common first line of its message):") \
        == hangs - 1
    assert "grading hw1" in completed.stderr  # the progress bar


# ----------------------------------------------------------------------------- reruns


def test_a_rerun_grades_only_what_has_no_results_and_force_regrades_all(tmp_path):
    export = make_export(tmp_path / "export", ids={"1001", "1005"},
                         metadata=METADATA.split("submission_1002:")[0] + "submission_1005:\n  :submitters: []\n")
    out = tmp_path / "grades.csv"
    first = run_batch_command(export, out, "--jobs", "2", "--no-progress")
    assert "2 submissions, 2 graded now" in first.stdout
    results = tmp_path / "results"
    kept = (results / "1001.json").stat().st_mtime_ns
    (results / "1005.json").unlink()  # as if the batch had been interrupted before grading it
    second = run_batch_command(export, out, "--no-progress")
    assert "1 graded now, 1 kept from an earlier run" in second.stdout
    assert (results / "1001.json").stat().st_mtime_ns == kept and (results / "1005.json").is_file()
    rows = read_rows(out)
    assert [(r["submission_id"], r["name"], r["score"]) for r in rows] == [
        ("1001", "Alice Liddell", "29"), ("1001", "Bob Builder", "29"), ("1005", "", "0")]
    time.sleep(0.01)
    third = run_batch_command(export, out, "--force", "--no-progress")
    assert "2 graded now" in third.stdout and (results / "1001.json").stat().st_mtime_ns != kept
    assert read_rows(out) == rows


# ----------------------------------------------------------------------------- failures of the grading itself


def dies_on_its_submission(job: batch_jobs.Job) -> tuple:
    """A task that kills its grading process for submission 'kills' (run in the pool's processes)."""
    if job.submission_id == "kills":
        os._exit(9)
    return local_pool.grade_job(job)


def test_a_submission_that_kills_its_grading_process_gets_results_and_the_others_are_graded(tmp_path):
    jobs = []
    for submission_id in ["1", "kills", "3"]:
        (tmp_path / submission_id).mkdir()
        jobs.append(batch_jobs.Job(submission_id, tmp_path / submission_id, tmp_path / "results" / f"{submission_id}.json", 60))
    batch.grade_all(load_assignment("hw1"), jobs, local_pool.LocalPool(2, None, task=dies_on_its_submission), progress=False)
    documents = {j.submission_id: json.loads(j.results.read_text()) for j in jobs}
    assert documents["kills"]["output"] == CONTACT_STAFF
    assert batch_jobs.CRASHED in jobs[1].log.read_text()
    assert "could not find hw1.py" in documents["1"]["output"] and "could not find hw1.py" in documents["3"]["output"]


def records_its_cpus(job: batch_jobs.Job) -> tuple:
    """A task that writes down the CPUs its grading process and that process's workers may use
    (in results/<id>.cpus; its outcome says it is missing)."""
    from autograder import forkserver

    time.sleep(0.2)  # long enough that every process of the pool takes a job
    server = forkserver.server_pid()
    job.results.parent.mkdir(parents=True, exist_ok=True)
    job.results.with_suffix(".cpus").write_text(json.dumps([sorted(os.sched_getaffinity(0)),
                                                            sorted(os.sched_getaffinity(server))]))
    return missing_file_document(load_assignment("hw1"), job.folder), ""


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is Linux-only")
def test_each_grading_process_of_a_batch_keeps_to_a_cpu_of_its_own_with_its_workers(tmp_path):
    jobs = [batch_jobs.Job(str(i), tmp_path, tmp_path / "results" / f"{i}.json", 60) for i in range(8)]
    batch.grade_all(load_assignment("hw1"), jobs, local_pool.LocalPool(2, None, task=records_its_cpus), progress=False)
    placements = {tuple(map(tuple, json.loads(j.results.with_suffix(".cpus").read_text()))) for j in jobs}
    cpus = sorted(os.sched_getaffinity(0))
    assert placements == {((c,), (c,)) for c in cpus[:2]}


@pytest.mark.parametrize("thread", ["main", "other"], ids=["a grading process", "a Dask worker's task thread"])
def test_grading_that_outlasts_the_submission_timeout_is_stopped_with_contact_staff(tmp_path, thread):
    assignment = load_assignment("hw1")
    local_pool._init_grading_process("hw1", None, live_cases(assignment))
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "hw1.py").write_text(REFERENCE + "\n\ndef end_to_end(Ws):\n    while True:\n        pass\n")
    job = batch_jobs.Job("slow", tmp_path / "work", tmp_path / "results" / "slow.json", timeout=1.0)
    start = time.monotonic()
    if thread == "main":
        document, log = local_pool.grade_job(job)
    else:
        with ThreadPoolExecutor(1) as pool:
            document, log = pool.submit(local_pool.grade_job, job).result(timeout=60)
    assert time.monotonic() - start < 15
    validate(document)
    assert document["score"] == 0 and document["output"] == CONTACT_STAFF
    message = batch.row_message(document, log)
    assert message.startswith("autograder failed:") and "took longer than 1 s" in message


def test_a_document_the_grader_got_wrong_is_caught_where_it_is_graded(tmp_path, monkeypatch):
    """Validated beside the grading (the batch's one writing process only writes): a document
    that breaks the schema is that submission's "contact staff", with the reason in its log."""
    monkeypatch.setattr(batch_jobs, "grade_folder", lambda *args: ({"score": "29", "tests": []}, "graded"))
    document, log = batch_jobs.grade_submission(load_assignment("hw1"), tmp_path, {}, timeout=0)
    validate(document)
    assert document["output"] == CONTACT_STAFF and "ValidationError" in log and "'29' is not of type" in log


# ----------------------------------------------------------------------------- the export and the summary


def test_the_export_reader_strips_ruby_symbols_and_tags_and_joins_folders_and_metadata(tmp_path):
    export = make_export(tmp_path / "export", ids={"1001"})
    (export / "submission_77").mkdir()  # a folder the metadata does not mention
    (export / "not_a_submission").mkdir()
    submissions = {s.id: s for s in read_export(export)}
    assert list(submissions) == ["77", "1001", "1002", "1003", "1004", "1005", "1006"]
    assert submissions["1001"].submitters == (Submitter("Alice Liddell", "0042", "alice@example.edu"),
                                              Submitter("Bob Builder", "1043", "bob@example.edu"))
    assert submissions["1006"].submitters == (Submitter("Grace", "0048", "grace@example.edu"),)
    assert submissions["77"].submitters == () and submissions["1002"].folder == export / "submission_1002"


def test_bad_exports_are_clear_errors(tmp_path, capsys):
    from autograder.cli import main

    (tmp_path / "empty").mkdir()
    assert main(["batch", "hw1", str(tmp_path / "empty"), "--out", str(tmp_path / "g.csv")]) == 2
    assert "not a Gradescope export" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "submission_metadata.yml").write_text("../../etc: {}\n")
    assert main(["batch", "hw1", str(tmp_path / "bad"), "--out", str(tmp_path / "g.csv")]) == 2
    assert "not submission_<id> folder names" in capsys.readouterr().err


def test_score_buckets_cover_every_score_once():
    buckets = score_buckets([0, 0.5, 2.9, 14.5, 28.99, 29], 29)
    assert sum(buckets.values()) == 6
    assert buckets["0-<2.9"] == 2 and buckets["2.9-<5.8"] == 1 and buckets["29 (full)"] == 1


TIED_MESSAGES = """
from autograder.class_report import check_failures
tests = [{"name": f"f: case {i}", "status": "failed",
          "extra_data": {"failures": [{"check": "(the call itself)", "first_line": f"f() failed: {word}"}]}}
         for i, word in enumerate(["first", "second", "third", "fourth"])]
print(check_failures([{"tests": tests}])["f", "(the call itself)"][1].most_common(1)[0][0])
"""


def test_the_message_shown_for_a_check_is_the_same_whatever_the_hash_seed():
    shown = {subprocess.run([sys.executable, "-c", TIED_MESSAGES], capture_output=True, text=True, cwd=PROJECT,
                            env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True).stdout.strip()
             for seed in range(8)}
    assert shown == {"f() failed: first"}


def test_dask_is_imported_only_for_a_batch_on_dask(tmp_path):
    export = make_export(tmp_path / "export", ids={"1005"}, metadata="submission_1005:\n  :submitters: []\n")
    probe = ("import sys; from autograder.cli import main; code = main(sys.argv[1:]); "
             "assert 'distributed' not in sys.modules and 'dask' not in sys.modules, 'dask imported'; sys.exit(code)")
    completed = subprocess.run([sys.executable, "-c", probe, "batch", "hw1", str(export), "--out",
                                str(tmp_path / "g.csv"), "--jobs", "1", "--no-progress"],
                               capture_output=True, text=True, cwd=PROJECT, timeout=300)
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize("command", ["batch", "build", "handout"])
def test_staff_commands_explain_themselves(command):
    completed = subprocess.run([sys.executable, "-m", "autograder", command, "--help"],
                               capture_output=True, text=True, cwd=PROJECT)
    assert completed.returncode == 0 and "usage: autograder" in completed.stdout


# ----------------------------------------------------------------------------- interruptions


def descendants(pid: int) -> set:
    """Every living process below ``pid`` (zombies, already ended, excluded)."""
    parents = {}
    for name in os.listdir("/proc"):
        fields = stat_fields(name) if name.isdigit() else None
        if fields and fields[0] != b"Z":
            parents[int(name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set) -> set:
    return {pid for pid in pids if (fields := stat_fields(pid)) and fields[0] != b"Z"}


def sandboxes() -> set:
    from autograder.sandbox import SANDBOX_PREFIX

    return set(Path(tempfile.gettempdir()).glob(f"{SANDBOX_PREFIX}*"))


def interrupt_and_check_that_everything_ends(batch_process: subprocess.Popen, send) -> None:
    """``send(pid)`` a signal to the batch: it ends with its one line, and so does every process
    it had started (grading processes or Dask workers, their fork servers, their workers)."""
    started = descendants(batch_process.pid)
    send(batch_process.pid)
    _, stderr = batch_process.communicate(timeout=60)
    assert batch_process.returncode == 130
    assert stderr.strip() == "autograder: interrupted; run the same command again to grade the rest"
    deadline = time.monotonic() + 10
    while alive(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(started)


@pytest.mark.parametrize("signum, to_group", [(signal.SIGINT, True), (signal.SIGTERM, False)],
                         ids=["SIGINT to the group", "SIGTERM to the process"])
def test_an_interrupted_batch_ends_everything_it_started_and_resumes(tmp_path, signum, to_group):
    ids = ["1001", "1002", "1004"] + [str(2000 + i) for i in range(4)]
    export = make_export(tmp_path / "export", ids=set(ids),
                         metadata="".join(f"submission_{i}:\n  :submitters: []\n" for i in ids))
    out, env = tmp_path / "grades.csv", {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    for i in range(4):  # more submissions that hang, so that grading is under way when the signal comes
        folder = export / f"submission_{2000 + i}"
        folder.mkdir()
        (folder / "hw1.py").write_text(REFERENCE + HANGS)
    batch_process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "batch", "hw1", str(export), "--out", str(out), "--jobs", "2",
         "--no-progress", "--time-limit", "30"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    markers, sandboxes_before = tmp_path / "results" / ".grading", sandboxes()
    deadline = time.monotonic() + 120
    while not (markers.is_dir() and len([m for m in markers.iterdir() if m.name.startswith("20")]) == 2
               and len(descendants(batch_process.pid)) >= 6):  # both grading processes on hanging submissions
        assert time.monotonic() < deadline and batch_process.poll() is None, "the batch never got under way"
        time.sleep(0.2)
    time.sleep(1)
    interrupt_and_check_that_everything_ends(batch_process, lambda pid: (os.killpg if to_group else os.kill)(pid, signum))
    assert sandboxes() <= sandboxes_before  # each grading process removed its sandbox, a second signal notwithstanding

    done = {p.stem for p in (tmp_path / "results").glob("*.json")}
    resumed = run_batch_command(export, out, "--no-progress", "--time-limit", TIME_LIMIT)
    assert f"7 submissions, {7 - len(done)} graded now" in resumed.stdout
    assert {row["submission_id"]: row["score"] for row in read_rows(out)} == {
        "1001": "29", "1002": "25", "1004": "28", **{str(2000 + i): "28" for i in range(4)}}
