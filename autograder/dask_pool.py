"""A batch executed on a Dask cluster (``autograder batch ... --dask ADDRESS``).

Needs the ``dask`` extra (``pip install .[dask]``); ``distributed`` is imported only here. The
client reads each submission's regular files (links are never followed) and sends their bytes
with the task; the task writes them into a private scratch folder on its worker, grades them as
the local pool does (:func:`autograder.jobs.grade_submission`: the same sandbox, limits and
stored expected values) and sends back (results document, log), which the batch writes. A task
holds a few submissions where the batch is large (:func:`chunked`). Each worker process starts
its fork servers (one warmed with torch) as it starts, where it preloads this module
(:func:`dask_setup`), and loads the assignment and its graded cases once, on its first task
(:func:`_prepared`). Workers whose project, stores or library versions differ
from the client's are refused, by name, before any grading (:func:`refuse_mismatched`) and by
each task. A task whose worker is lost is retried on another one by the scheduler (as many
times as its ``distributed.scheduler.allowed-failures`` allows: 1 for ``--dask local``); after
that (a submission that kills its worker also costs the others that worker held), its
submissions are graded again at the end, one at a time, each alone on the cluster, as the local
pool does; the outcome of one lost then says so (:data:`LOST`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import signal
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import cpus, sandbox
from .assignment import Assignment, load_assignment
from .errors import AssignmentError
from .jobs import BATCH_LIBRARIES, capped, grade_submission
from .results import failure_document
from .versions import installed_version

LOST = ("the Dask workers grading this submission were lost, on each try (did the submission kill them, "
        "or did the machines go away?)")
CONNECT_SECONDS = 30
#: A LocalCluster's settings: a lost worker's tasks are retried once; its workers run without
#: Dask's statistical profiler, which samples every thread's stack each 10 ms and so slowed
#: grading, Python-heavy on the checking side, by about a tenth; and its processes measure their
#: event loops, memory and machine less often (each 20 ms, 100 ms and 500 ms by default): an idle
#: cluster of 2 workers then takes 1.4% of a CPU rather than 9.5%, which grading gets back. Its
#: worker processes are forks of one that has imported Dask (multiprocessing's fork server), not
#: fresh interpreters that each import it: 2 workers start with 0.6 s of CPU rather than 1.1 s.
LOCAL_CLUSTER_CONFIG = {"distributed.scheduler.allowed-failures": 1, "distributed.worker.profile.enabled": False,
                        "distributed.admin.tick.interval": "1s", "distributed.worker.memory.monitor-interval": "1s",
                        "distributed.admin.system-monitor.interval": "5s",
                        "distributed.worker.multiprocessing-method": "forkserver"}
#: Submissions per task, at most: a task costs the client, the scheduler and its worker about
#: 10 ms of CPU (sending it, scheduling it, sending its result back) whatever it holds...
CHUNK = 4
#: ... and a task holds at most a TASKS_PER_THREAD-th of a worker thread's share of the jobs left
#: (:func:`chunked`).
TASKS_PER_THREAD = 2
ENGINE = Path(__file__).resolve().parent


class ClusterError(AssignmentError):
    """The Dask cluster cannot grade this batch (unreachable, or workers that differ from here):
    the command says so and exits 2."""


class DaskPool:
    """The cluster at ``address`` (``tcp://host:8786``), or ``"local"``: a LocalCluster of
    ``workers`` worker processes started for the batch (``task``, default :func:`grade_files`,
    grades the jobs of each task on a worker)."""

    def __init__(self, address: str, workers: int, time_limit: float | None, task=None):
        self.address, self.workers, self.time_limit, self.task = address, workers, time_limit, task or grade_files

    def run(self, assignment: Assignment, jobs_to_do: list):
        """Yield (job, (document, log)) as each job is done."""
        here = fingerprint(assignment.name)
        with _client(self.address, self.workers) as client:
            from distributed import as_completed, wait

            refuse_mismatched(client, assignment.name, here)
            futures = {}

            def submit(chunk: list):
                future = client.submit(self.task, assignment.name, self.time_limit,
                                       [(submission_files(job.folder), job.timeout) for job in chunk], here,
                                       key=f"grade-{chunk[0].submission_id}-{os.urandom(4).hex()}", pure=False)
                futures[future] = chunk
                return future

            suspects = []  # the jobs of tasks whose workers were lost on every try
            try:
                for future in as_completed([submit(chunk) for chunk in
                                            chunked(jobs_to_do, sum(client.nthreads().values()))]):
                    chunk, outcomes = futures.pop(future), _outcomes(future)
                    if outcomes is None:
                        suspects += chunk
                    else:
                        yield from zip(chunk, outcomes)
                for job in suspects:  # each alone on the cluster: if its workers are lost again, it killed them
                    future = submit([job])
                    wait(future)
                    futures.pop(future)
                    yield job, (_outcomes(future) or [(failure_document(), LOST)])[0]
            finally:
                client.cancel(list(futures))


def chunked(jobs: list, threads: int) -> list:
    """The jobs in tasks that shrink as the batch goes on (guided scheduling): each holds a
    (TASKS_PER_THREAD x ``threads``)-th of the jobs left, at most CHUNK and at least one, so
    that tasks are few while many jobs are left and the last ones, which set when the batch
    ends, hold one job each."""
    tasks, start, share = [], 0, max(1, threads * TASKS_PER_THREAD)
    while start < len(jobs):
        size = max(1, min(CHUNK, (len(jobs) - start) // share))
        tasks.append(jobs[start:start + size])
        start += size
    return tasks


def _outcomes(future) -> list | None:
    """The (document, log) of each submission of a finished task; None when its workers were
    lost on every try."""
    from distributed.scheduler import KilledWorker

    if future.status != "error":
        return future.result()
    if isinstance(future.exception(), KilledWorker):
        return None
    raise future.exception()


@contextmanager
def _client(address: str, workers: int):
    """A client of the cluster at ``address``, or of a LocalCluster started (and ended) here."""
    if address == "local":
        _start_worker_forks()  # before this process imports Dask, so that both imports run at once
    import dask
    from distributed import Client, LocalCluster

    if address != "local":
        try:
            client = Client(address, timeout=CONNECT_SECONDS)
        except OSError as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        with client:
            yield client
        return
    # Its HTTP server on a free port: the default, 8787, warns on standard error when taken. Its
    # logs are silenced: a worker lost is the batch's to report, and the cluster's end can race
    # with a worker's heartbeat, which logs an error. Its workers' folders, and in them the
    # copies of the submissions they grade, are in a root-only folder removed with the cluster.
    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            tempfile.TemporaryDirectory(prefix="autograder-dask-", ignore_cleanup_errors=True) as folder:
        with _interrupts_deferred() as interrupts:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=logging.CRITICAL, preload=[__name__], local_directory=folder)
        with cluster, Client(cluster) as client:
            for signum in interrupts:
                signal.raise_signal(signum)
            yield client


@contextmanager
def _interrupts_deferred():
    """SIGINT and SIGTERM that come in the block (in the main thread) are listed, and left to
    the caller to raise again: a LocalCluster interrupted as it starts is left half started,
    which its exit handler then fails to close, with a traceback."""
    came = []
    listed = lambda signum, _frame: came.append(signum)  # noqa: E731
    with sandbox.signal_handlers({signal.SIGINT: listed, signal.SIGTERM: listed}):
        yield came


def _start_worker_forks() -> None:
    """Start multiprocessing's fork server, of which a LocalCluster's workers are forks, now: its
    import of Dask and of this module then runs while this process imports Dask, not after."""
    import multiprocessing.forkserver

    multiprocessing.forkserver.set_forkserver_preload(["distributed", __name__])
    multiprocessing.forkserver.ensure_running()


def refuse_mismatched(client, assignment_name: str, here: dict) -> None:
    """Raise ClusterError naming what differs on any worker, or if there is no worker at all."""
    theirs = client.run(fingerprint, assignment_name)
    if not theirs:
        raise ClusterError(f"the Dask cluster at {client.scheduler.address} has no workers")
    problems = [f"{worker}: {difference}" for worker, print_ in sorted(theirs.items())
                if (difference := differences(here, print_))]
    if problems:
        raise ClusterError("Dask workers differ from this machine; set them up as this one (setup.sh, "
                           "the same project and `autograder freeze`):\n  " + "\n  ".join(problems))


def differences(here: dict, there: dict) -> str:
    """What differs between two fingerprints, in one line ("" when nothing does)."""
    return "; ".join(f"{key} is {there.get(key)!r} there, {value!r} here"
                     for key, value in here.items() if there.get(key) != value)


def fingerprint(assignment_name: str) -> dict:
    """What grading depends on: the interpreter and library versions, the engine's files, and
    the assignment's sources and stored expected values (the store's own fingerprint)."""
    from .store import fingerprint as sources_fingerprint

    assignment = load_assignment(assignment_name)
    store = assignment.graded_store_path
    return {"python": platform.python_version(), "numpy": installed_version("numpy"),
            "torch": installed_version("torch"), "autograder engine": _engine_digest(),
            f"{assignment_name} sources": sources_fingerprint(assignment),
            f"{assignment_name} graded_cases.json": json.loads(store.read_text()).get("fingerprint")
            if store.is_file() else None}


def _engine_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([*ENGINE.glob("*.py"), *ENGINE.glob("schema/*.json")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# ----------------------------------------------------------------------------- the files


def submission_files(folder: Path) -> list | None:
    """(relative path, bytes, mtime) of every regular file below ``folder``, links never
    followed (None when there is no folder)."""
    if not folder.is_dir():
        return None
    files = []
    for directory, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(directory) / name
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                files.append((str(path.relative_to(folder)), path.read_bytes(), info.st_mtime))
    return files


def write_files(folder: Path, files: list) -> None:
    """Recreate the files of :func:`submission_files` below ``folder`` (paths kept inside it)."""
    folder.mkdir()
    for relative, data, mtime in files:
        path = (folder / relative).resolve()
        if folder.resolve() not in path.parents:
            raise ValueError(f"a submission file outside its folder: {relative!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))


# ----------------------------------------------------------------------------- on a worker

_WORKER: dict = {}


def grade_files(assignment_name: str, time_limit: float | None, submissions: list, expected: dict) -> list:
    """(results document, log) of each submission sent as (files, timeout); raises
    ClusterError if this worker differs from the client."""
    assignment, cases, print_ = _prepared(assignment_name, time_limit)
    if difference := differences(expected, print_):
        raise ClusterError(f"this Dask worker differs from the client: {difference}")
    return [_grade_files(assignment, cases, files, timeout) for files, timeout in submissions]


def _grade_files(assignment: Assignment, cases: dict, files: list | None, timeout: float) -> tuple:
    """Grade the files in a scratch folder of the worker's own folder, which Dask removes with
    the worker (or, for one killed without a nanny, when the next starts beside it); in the
    temporary folder if another user could change the worker's folder or move it."""
    from distributed import get_worker

    own = Path(get_worker().local_directory).resolve()
    with tempfile.TemporaryDirectory(prefix="autograder-dask-", dir=own if _private(own) else None) as scratch:
        folder = Path(scratch) / "submission"
        if files is not None:
            write_files(folder, files)
        return grade_submission(assignment, folder, cases, timeout)


def _private(folder: Path) -> bool:
    """Whether only this process's user (or root) can change ``folder`` or move it: it and each
    folder above it belong to one of them, and none can be written by others unless sticky."""
    paths = [folder, *folder.parents]
    try:
        infos = [path.lstat() for path in paths]
    except OSError:
        return False
    return all(stat.S_ISDIR(info.st_mode) and info.st_uid in {0, os.geteuid()}
               and (not info.st_mode & 0o022 or (path != folder and info.st_mode & stat.S_ISVTX))
               for path, info in zip(paths, infos))


def dask_setup(worker) -> None:
    """Run by each worker process as it starts, where it preloads this module (``--dask local``
    does; ``dask worker --preload autograder.dask_pool`` elsewhere): its fork servers start then,
    their imports (torch's) overlapping with the rest of the cluster's start, rather than with
    its first task."""
    _start_servers(_worker_index(str(worker.name)))


def _start_servers(index: int | None) -> None:
    """This worker's fork servers (one warmed with torch) and sandbox user. A worker whose name
    numbers it (``NAME-i``, as ``dask worker --nworkers`` and LocalCluster name them) keeps to
    the ``i``-th CPU and prefers the ``i``-th sandbox user, as the ``i``-th local grading process
    does (called from the thread that starts the worker's others, they keep to that CPU too)."""
    from . import forkserver

    sandbox.use_job_index(index or 0)
    forkserver.prestart(BATCH_LIBRARIES, cpus=frozenset() if index is None else cpus.slot(index))


def _prepared(assignment_name: str, time_limit: float | None) -> tuple:
    """Once per worker process (and assignment): the assignment with capped time limits, its
    graded cases, this worker's fingerprint; and its fork servers, if they were not started with
    the worker (:func:`dask_setup`)."""
    from distributed import get_worker

    from .store import graded_cases

    key = (assignment_name, time_limit)
    if key not in _WORKER:
        _start_servers(_worker_index(str(get_worker().name)))
        assignment = load_assignment(assignment_name)
        _WORKER[key] = (capped(assignment, time_limit), graded_cases(assignment), fingerprint(assignment_name))
    return _WORKER[key]


def _worker_index(name: str) -> int | None:
    number = re.fullmatch(r"(?:.*-)?(\d+)", name) if "://" not in name else None
    return int(number.group(1)) if number else None
