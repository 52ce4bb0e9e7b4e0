"""A batch executed on this machine: a pool of grading processes, started fresh ('spawn').

Each grading process loads the assignment once, is given the expected values (read once by the
batch from the staff store, :func:`autograder.store.graded_cases`), keeps to a CPU of its own,
and forks its workers from its fork servers (:mod:`autograder.forkserver`): a lean one, and one
that imports torch and its compiler stack at the start, once for all its submissions that name
torch. A job whose grading process dies
is retried alone; if it dies again, its outcome says so (:data:`autograder.jobs.CRASHED`).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from . import cpus, sandbox
from .assignment import Assignment, load_assignment
from .jobs import BATCH_LIBRARIES, CRASHED, Job, capped, grade_submission
from .results import failure_document


class LocalPool:
    """``processes`` grading processes on this machine (``task``, default :func:`grade_job`,
    grades each job in one of them)."""

    def __init__(self, processes: int, time_limit: float | None, task=None):
        self.processes, self.time_limit, self.task = processes, time_limit, task or grade_job

    def run(self, assignment: Assignment, jobs_to_do: list):
        """Yield (job, (document, log)) as each job is done."""
        from .store import graded_cases

        init = (assignment.name, self.time_limit, graded_cases(assignment))
        for job in jobs_to_do:  # markers an interrupted run left behind
            job.marker.unlink(missing_ok=True)
        try:
            pending, suspects = list(jobs_to_do), []
            while pending:
                unfinished = []
                yield from _run_pool(self.task, pending, self.processes, init, unfinished)
                suspects += [j for j in unfinished if j.marker.exists()] or unfinished
                pending = [j for j in unfinished if j not in suspects]
                for job in unfinished:
                    job.marker.unlink(missing_ok=True)
            for job in suspects:  # alone in a pool of one: if that pool dies too, this job killed it
                died = []
                yield from _run_pool(self.task, [job], 1, init, died)
                if died:
                    job.marker.unlink(missing_ok=True)
                    yield job, (failure_document(), CRASHED)
        finally:
            _remove_empty(jobs_to_do[0].marker.parent)


def _run_pool(task, jobs_to_do: list, workers: int, init: tuple, unfinished: list):
    """Run the jobs in a fresh pool, yielding (job, outcome) as each is done; those left
    unfinished because the pool died go to ``unfinished``. If this is interrupted (or closed
    early), every grading process is ended first."""
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs_to_do))), mp_context=context,
                                   initializer=_init_grading_process, initargs=(*init, context.Value("i", 0)))
    try:
        futures = {}
        for job in jobs_to_do:
            try:
                futures[executor.submit(task, job)] = job
            except BrokenProcessPool:  # a job already running killed the pool before this one was queued
                unfinished.append(job)
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            yield futures[future], outcome
    except BaseException:
        _end_pool(executor)
        raise
    executor.shutdown(wait=True)


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


# ----------------------------------------------------------------------------- in a grading process

_GRADING: dict = {}


def _init_grading_process(assignment_name: str, time_limit: float | None, graded_cases: dict,
                          started=None) -> None:
    """Once per grading process: the assignment (per-call time limits capped), its cases, and
    its fork servers (a lean one, and one that imports torch and its compiler stack once for all
    the submissions that name torch). Given
    ``started`` (a count, shared by the pool, of its processes started), the process, its server
    and its workers keep to a CPU of their own (:func:`autograder.cpus.slot`), and its workers
    run as a sandbox user of their own (:func:`autograder.sandbox.use_job_index`)."""
    from . import forkserver

    mine, index = frozenset(), 0
    if started is not None:
        with started.get_lock():
            index, started.value = started.value, started.value + 1
        mine = cpus.slot(index)
    sandbox.use_job_index(index)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _terminated)
    forkserver.prestart(BATCH_LIBRARIES, cpus=mine)
    _GRADING.update(assignment=capped(load_assignment(assignment_name), time_limit), cases=graded_cases)


class Interrupted(BaseException):
    """The batch was interrupted while this grading process graded a submission."""


def _terminated(_signum, _frame) -> None:
    """SIGINT or SIGTERM in a grading process: a submission being graded is unwound first (its
    runner ends its worker and removes its sandbox), then the process ends (:func:`_exit_now`).
    Signals that follow (a Ctrl-C reaches the whole group, then the batch sends SIGTERM) do
    nothing: raised inside that cleanup, they would cut it short."""
    if _GRADING.get("ending"):
        return
    _GRADING["ending"] = True
    if _GRADING.get("grading"):
        raise Interrupted()
    _exit_now()


def _exit_now() -> None:
    """End this grading process at once, with its fork server and every process it left."""
    from . import forkserver
    from .sandbox import enable_subreaper, kill_orphans

    enable_subreaper()  # the server's workers become our orphans when it is killed
    forkserver.kill()
    kill_orphans()
    os._exit(1)


def grade_job(job: Job) -> tuple:
    """Grade one submission: (results document, log); never raises for the submission's sake."""
    job.marker.parent.mkdir(parents=True, exist_ok=True)
    job.marker.write_text(str(os.getpid()))
    _GRADING["grading"] = True
    try:
        return grade_submission(_GRADING["assignment"], job.folder, _GRADING["cases"], job.timeout)
    except Interrupted:
        job.marker.unlink(missing_ok=True)
        _exit_now()
    finally:
        _GRADING["grading"] = False
        job.marker.unlink(missing_ok=True)


def _remove_empty(folder) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
