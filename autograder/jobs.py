"""One submission of a batch, whichever executes it (:mod:`autograder.local_pool`, the grading
processes of this machine, or :mod:`autograder.dask_pool`, a Dask cluster): what a job is,
how one is graded into (results document, log), and how the outcome is written.
"""
from __future__ import annotations

import ctypes
import dataclasses
import errno
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .assignment import Assignment
from .errors import AssignmentError
from .gradescope import grade_folder
from .report import printable
from .results import failure_document, validate, write_validated

#: What a grading process's fork server imports once, for all its submissions.
BATCH_LIBRARIES = ("torch", "torch._dynamo")
CRASHED = "the grading process died while grading this submission (did the submission kill it?)"
DISK_FULL_RETRY_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    """One submission to grade."""

    submission_id: str
    folder: Path
    results: Path  # results/<id>.json; the log is results/<id>.log
    timeout: float

    @property
    def log(self) -> Path:
        return self.results.with_suffix(".log")

    @property
    def marker(self) -> Path:
        """Exists while a local grading process works on this job (to find who killed a pool)."""
        return self.results.parent / ".grading" / self.submission_id


class SubmissionTimeout(BaseException):
    """Grading one submission took longer than the batch allows (a BaseException, so that no
    ``except Exception`` in the grading path swallows it)."""

    seconds = 0.0

    def __str__(self) -> str:
        return (f"grading took longer than {self.seconds:g} s and was stopped "
                f"(the batch's --submission-timeout)")


def capped(assignment: Assignment, time_limit: float | None) -> Assignment:
    """The assignment with every per-call time limit at most ``time_limit`` seconds."""
    if not time_limit:
        return assignment
    functions = tuple(dataclasses.replace(f, time_limit=min(f.time_limit, time_limit)) for f in assignment.functions)
    return dataclasses.replace(assignment, functions=functions)


def grade_submission(assignment: Assignment, folder: Path, cases: dict, timeout: float) -> tuple:
    """(results document, log) of one submission folder, its document validated here, beside
    the grading (the batch's one writing process then only writes it); never raises for the
    submission's sake: a failure of the grader (or the timeout) gives 0, "contact staff" and
    the traceback."""
    try:
        with _time_box(timeout):
            document, log = grade_folder(assignment, folder, cases)
            validate(document)
            return document, log
    except (Exception, SubmissionTimeout):  # noqa: BLE001 - the grader failed on this one: 0, "contact staff"
        return failure_document(), traceback.format_exc()


def write_outcome(job: Job, document: dict, log: str) -> None:
    """The log first: a submission counts as graded once its results exist. On a full disk,
    tried again each second, for as long as a submission may take: a submission being graded
    may have filled it, and its files are removed when its grading ends. Then, if the disk is
    still full, an AssignmentError says so (what is written is kept: a rerun grades the rest)."""
    deadline, said = time.monotonic() + job.timeout, False
    while True:
        try:
            return _write_outcome(job, document, log)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            if time.monotonic() > deadline:
                raise AssignmentError(f"the disk that holds {job.results.parent} is full: free some space, then "
                                      f"run the same command again to grade what is left") from None
        if not said:
            print(f"autograder: the disk that holds {job.results.parent} is full; waiting for space (a "
                  f"submission's files are removed when its grading ends)", file=sys.stderr)
            said = True
        time.sleep(DISK_FULL_RETRY_SECONDS)


def _write_outcome(job: Job, document: dict, log: str) -> None:
    job.log.parent.mkdir(parents=True, exist_ok=True)
    job.log.write_text(printable(log) + "\n", encoding="utf-8")  # staff read it in a terminal too
    write_validated(document, job.results)


@contextmanager
def _time_box(seconds: float):
    """Raise SubmissionTimeout in this thread after ``seconds``: by SIGALRM in the main thread
    (a grading process), else asynchronously from a timer (a Dask worker's task thread)."""
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


def _timed_out(seconds: float) -> type:
    return type("SubmissionTimeout", (SubmissionTimeout,), {"seconds": seconds})


@contextmanager
def _alarm(seconds: float):
    def expire(_signum, _frame):
        raise _timed_out(seconds)()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _timer(seconds: float):
    """A thread cannot be signalled: the exception is set on it, and raised at its next bytecode
    (a lock keeps it from landing once the block is left)."""
    timed_out, target, lock, state = _timed_out(seconds), threading.get_ident(), threading.Lock(), {"running": True}

    def expire():
        with lock:
            if state["running"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(timed_out))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["running"] = False
        timer.cancel()
