"""Batch grading of a Gradescope export: every submission in parallel, a CSV and a summary.

``autograder batch hw1 EXPORT --out grades.csv`` grades each ``submission_<id>/`` folder of the
export (see :mod:`autograder.export`) in a pool of grading processes, started fresh ('spawn'),
each of which loads the assignment once, is given the expected values, read once here from the
staff store (:func:`autograder.store.graded_cases`), and forks its workers from one fork server
(:mod:`autograder.forkserver`) that imports torch and its compiler stack at the start, once for
all its submissions. Every submission ends in ``results/<id>.json`` beside
the CSV, exactly the document Gradescope would get (:mod:`autograder.gradescope`'s helpers), and
``results/<id>.log``, what Gradescope would show staff on standard output (the grading summary,
or the traceback). A submission that is missing its file, breaks the grader, hangs it or kills
its process still gets its results, its row and its message; the others are unaffected. A run
grades only submissions that have no results yet (``force`` regrades all), so an interrupted
batch is finished by running it again. The CSV has one row per submitter, so that a group
submission gives each member a row.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from . import cpus
from .assignment import Assignment, load_assignment
from .class_report import check_failures
from .export import read_export
from .gradescope import grade_folder
from .report import format_points
from .results import CONTACT_STAFF, failure_document, write_results

FIXED_COLUMNS = ["submission_id", "sid", "name", "email", "score", "max_score"]
#: A safety net for the grader itself: students' code is already cut by the per-call limits
#: and the run limit of assignment.yaml, well before this.
DEFAULT_SUBMISSION_TIMEOUT = 900.0
BATCH_LIBRARIES = ("torch", "torch._dynamo")
CRASHED = "the grading process died while grading this submission (did the submission kill it?)"


@dataclass(frozen=True)
class Job:
    """One submission to grade, as sent to a grading process."""

    submission_id: str
    folder: Path
    results: Path  # results/<id>.json; the log is results/<id>.log
    timeout: float

    @property
    def log(self) -> Path:
        return self.results.with_suffix(".log")

    @property
    def marker(self) -> Path:
        """Exists while a grading process works on this job (to find who killed a pool)."""
        return self.results.parent / ".grading" / self.submission_id


class SubmissionTimeout(BaseException):
    """Grading one submission took longer than the batch allows (a BaseException, so that no
    ``except Exception`` in the grading path swallows it)."""


# ----------------------------------------------------------------------------- the command


def run_batch(assignment_name: str, export_dir: Path, out_csv: Path, *, jobs: int | None = None,
              force: bool = False, time_limit: float | None = None,
              submission_timeout: float | None = None, progress: bool = True) -> str:
    """Grade the export, write the CSV and results/, and return the summary to print."""
    assignment = load_assignment(assignment_name)
    submissions = read_export(export_dir)
    results_dir = Path(out_csv).resolve().parent / "results"
    todo = [s for s in submissions if force or not results_path(results_dir, s.id).is_file()]
    if todo:
        timeout = submission_timeout or DEFAULT_SUBMISSION_TIMEOUT
        grade_all(assignment, [Job(s.id, s.folder, results_path(results_dir, s.id), timeout) for s in todo],
                  jobs=jobs or cpus.count(), time_limit=time_limit, progress=progress)
    documents = {s.id: json.loads(results_path(results_dir, s.id).read_text()) for s in submissions}
    logs = {s.id: _read_log(results_path(results_dir, s.id)) for s in submissions}
    write_csv(Path(out_csv), csv_rows(assignment, submissions, documents, logs), function_names(assignment))
    header = (f"{assignment.name}: {len(submissions)} submissions, {len(todo)} graded now"
              + (f", {len(submissions) - len(todo)} kept from an earlier run (--force regrades them)"
                 if len(todo) < len(submissions) else "")
              + f".\nScores: {out_csv}; Gradescope results: {results_dir}/<id>.json")
    return header + "\n\n" + summary(assignment, documents, logs)


def results_path(results_dir: Path, submission_id: str) -> Path:
    return results_dir / f"{submission_id}.json"


def function_names(assignment: Assignment) -> list:
    return [f.name for f in assignment.functions]


# ----------------------------------------------------------------------------- the pool


def grade_all(assignment: Assignment, jobs_to_do: list, *, jobs: int, time_limit: float | None,
              progress: bool = True, task=None) -> None:
    """Grade every job in a pool of ``jobs`` processes (``task``, default :func:`grade_job`, runs
    each). A job whose grading process dies is retried alone; if it dies again, it gets a
    failure document."""
    from .store import graded_cases

    task = task or grade_job
    init = (assignment.name, time_limit, graded_cases(assignment))
    for job in jobs_to_do:  # markers an interrupted run left behind
        job.marker.unlink(missing_ok=True)
    try:
        with tqdm(total=len(jobs_to_do), desc=f"grading {assignment.name}", unit="submission",
                  disable=not progress, dynamic_ncols=True) as bar:
            pending, suspects = list(jobs_to_do), []
            while pending:
                unfinished = _run_pool(task, pending, jobs, init, bar)
                suspects += [j for j in unfinished if j.marker.exists()] or unfinished
                pending = [j for j in unfinished if j not in suspects]
                for job in unfinished:
                    job.marker.unlink(missing_ok=True)
            for job in suspects:  # alone in a pool of one: if that pool dies too, this job killed it
                if _run_pool(task, [job], 1, init, bar):
                    _write(job, failure_document(), CRASHED)
                    job.marker.unlink(missing_ok=True)
                    bar.update()
    finally:
        _remove_empty(jobs_to_do[0].marker.parent)


def _run_pool(task, jobs_to_do: list, workers: int, init: tuple, bar) -> list:
    """Run the jobs in a fresh pool; return those left unfinished because the pool died. If
    this process is interrupted (SIGINT, SIGTERM), every grading process is ended first."""
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs_to_do))), mp_context=context,
                                   initializer=_init_grading_process, initargs=(*init, context.Value("i", 0)))
    unfinished = []
    try:
        with _interrupted_by_sigterm():
            futures = {executor.submit(task, job): job for job in jobs_to_do}
            for future in as_completed(futures):
                try:
                    future.result()
                    bar.update()
                except BrokenProcessPool:
                    unfinished.append(futures[future])
    except BaseException:
        _end_pool(executor)
        raise
    executor.shutdown(wait=True)
    return unfinished


@contextmanager
def _interrupted_by_sigterm():
    """SIGTERM raises KeyboardInterrupt here, as SIGINT does (in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end_pool(executor: ProcessPoolExecutor, seconds: float = 5.0) -> None:
    """End every grading process of the pool: SIGTERM (each ends its worker, fork server and
    sandbox, :func:`_terminated`), then SIGKILL for any still there after ``seconds``."""
    processes = list((executor._processes or {}).values())  # noqa: SLF001 - the pool keeps no public list
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        _signal(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            _signal(process.pid, signal.SIGKILL)
            process.join()
    executor.shutdown(wait=True)  # its queues are then freed, and their semaphores with them


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


# ----------------------------------------------------------------------------- one submission (in a grading process)

_GRADING: dict = {}


def _init_grading_process(assignment_name: str, time_limit: float | None, graded_cases: dict,
                          started=None) -> None:
    """Once per grading process: the assignment (per-call time limits capped), its cases, and a
    fork server that imports torch and its compiler stack once for all the submissions. Given
    ``started`` (a count, shared by the pool, of its processes started), the process, its server
    and its workers keep to a CPU of their own (:func:`autograder.cpus.slot`)."""
    from . import forkserver

    mine = frozenset()
    if started is not None:
        with started.get_lock():
            index, started.value = started.value, started.value + 1
        mine = cpus.slot(index)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _terminated)
    forkserver.prestart(BATCH_LIBRARIES, cpus=mine)
    _GRADING.update(assignment=capped(load_assignment(assignment_name), time_limit), cases=graded_cases)


def capped(assignment: Assignment, time_limit: float | None) -> Assignment:
    """The assignment with every per-call time limit at most ``time_limit`` seconds."""
    if not time_limit:
        return assignment
    functions = tuple(dataclasses.replace(f, time_limit=min(f.time_limit, time_limit)) for f in assignment.functions)
    return dataclasses.replace(assignment, functions=functions)


class Interrupted(BaseException):
    """The batch was interrupted while this grading process graded a submission."""


def _terminated(_signum, _frame) -> None:
    """SIGINT or SIGTERM in a grading process: a submission being graded is unwound first (its
    runner ends its worker and removes its sandbox), then the process ends (:func:`_exit_now`)."""
    if _GRADING.get("grading"):
        raise Interrupted()
    _exit_now()


def _exit_now() -> None:
    """End this grading process at once, with its fork server and every process it left."""
    from . import forkserver
    from .sandbox import enable_subreaper, kill_orphans

    for signum in (signal.SIGINT, signal.SIGTERM):  # the pool may signal us again meanwhile
        signal.signal(signum, signal.SIG_IGN)
    enable_subreaper()  # the server's workers become our orphans when it is killed
    forkserver.kill()
    kill_orphans()
    os._exit(1)


def grade_job(job: Job) -> str:
    """Grade one submission and write its results and log; never raises for the submission's sake."""
    job.marker.parent.mkdir(parents=True, exist_ok=True)
    job.marker.write_text(str(os.getpid()))
    _GRADING["grading"] = True
    try:
        try:
            with _time_box(job.timeout):
                document, log = grade_folder(_GRADING["assignment"], job.folder, _GRADING["cases"])
        except (Exception, SubmissionTimeout):  # noqa: BLE001 - the grader failed on this one: 0, "contact staff"
            document, log = failure_document(), traceback.format_exc()
        _write(job, document, log)
    except Interrupted:
        job.marker.unlink(missing_ok=True)
        _exit_now()
    finally:
        _GRADING["grading"] = False
        job.marker.unlink(missing_ok=True)
    return job.submission_id


def _write(job: Job, document: dict, log: str) -> None:
    """The log first: a submission counts as graded once its results exist."""
    job.log.parent.mkdir(parents=True, exist_ok=True)
    job.log.write_text(log + "\n", encoding="utf-8")
    write_results(document, job.results)


@contextmanager
def _time_box(seconds: float):
    """Raise SubmissionTimeout in this (main) thread after ``seconds``."""
    if not seconds or not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise SubmissionTimeout(f"grading took longer than {seconds:g} s and was stopped "
                                f"(the batch's --submission-timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read_log(results: Path) -> str:
    log = results.with_suffix(".log")
    return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


# ----------------------------------------------------------------------------- the CSV


def csv_rows(assignment: Assignment, submissions: list, documents: dict, logs: dict) -> list:
    """One row per submitter (one with empty names for a submission without metadata)."""
    rows = []
    for submission in submissions:
        document = documents[submission.id]
        scores = function_scores(document, function_names(assignment))
        common = {"submission_id": submission.id, "score": _number(document["score"]),
                  "max_score": _number(assignment.max_score),
                  **{name: _number(score) for name, score in scores.items()},
                  "message": row_message(document, logs.get(submission.id, ""))}
        for person in submission.submitters or [None]:
            identity = dataclasses.asdict(person) if person else {"sid": "", "name": "", "email": ""}
            rows.append({**identity, **common})
    return rows


def write_csv(path: Path, rows: list, functions: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIXED_COLUMNS + functions + ["message"])
        writer.writeheader()
        writer.writerows(rows)


def function_scores(document: dict, functions: list) -> dict:
    """Points per function, from the document's tests (named ``function: case``)."""
    scores = dict.fromkeys(functions, 0.0)
    for test in document.get("tests", []):
        function = test.get("name", "").partition(": ")[0]
        if function in scores:
            scores[function] += float(test.get("score", 0.0))
    return scores


def row_message(document: dict, log: str) -> str:
    """Why a submission did not score full marks, in one line ("" when every case passed)."""
    if document.get("output") == CONTACT_STAFF:
        return "autograder failed: " + _last_line(log)
    tests = document.get("tests", [])
    if not tests:
        return _first_line(document.get("output", ""))
    failed = [t for t in tests if t.get("status") == "failed"]
    if not failed:
        return ""
    return f"{len(failed)} of {len(tests)} cases failed; first: {failed[0]['name']}: {_first_line(failed[0].get('output', ''))}"


# ----------------------------------------------------------------------------- the summary


def summary(assignment: Assignment, documents: dict, logs: dict) -> str:
    lines = [f"Scores (out of {format_points(assignment.max_score)}), submissions per range:"]
    buckets = score_buckets([d["score"] for d in documents.values()], assignment.max_score)
    widest = max(buckets.values(), default=0)
    for label, count in buckets.items():
        lines.append(f"  {label:>13}  {count:4d}  {_bar(count, widest)}")
    ungraded = Counter(_ungraded_reason(d, logs.get(i, "")) for i, d in documents.items() if not d.get("tests"))
    if ungraded:
        lines += ["", "Not graded (score 0):"] + [f"  {n:4d}  {reason}" for reason, n in ungraded.most_common()]
    failures = check_failures(documents.values())
    lines += ["", "Checks failed (submissions failing each, and the most common first line of its message):"]
    if not failures:
        lines.append("  none")
    for (function, check), (count, messages) in failures.items():
        lines.append(f"  {count:4d}  {function}: {check}")
        lines.append(f"          {_shortened(messages.most_common(1)[0][0], 110)}")
    return "\n".join(lines)


def score_buckets(scores: list, max_score: float) -> dict:
    """label -> number of scores: ten ranges [lo, hi) of a tenth of the points each, then full marks."""
    tenth = max_score / 10
    labels = [f"{format_points(i * tenth)}-<{format_points((i + 1) * tenth)}" for i in range(10)] + [
        f"{format_points(max_score)} (full)"]
    counts = Counter(10 if s >= max_score - 1e-9 else min(9, max(0, int(s / tenth + 1e-9))) for s in scores)
    return {label: counts[i] for i, label in enumerate(labels)}


def _ungraded_reason(document: dict, log: str) -> str:
    if document.get("output") == CONTACT_STAFF:
        return "autograder failed: " + _shortened(_last_line(log), 100)
    return "file missing"


def _bar(count: int, widest: int, width: int = 40) -> str:
    return "#" * (count if widest <= width else round(count * width / widest))


def _number(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1] if text.strip() else "(no log)"


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."
