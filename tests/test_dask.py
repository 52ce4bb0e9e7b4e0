"""Batch grading on a real Dask cluster on loopback: a `dask scheduler` and `dask worker`
processes started (and stopped) here, graded exports equal score for score to the local pool's,
a worker killed mid-batch, a worker that differs refused, resume."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from autograder.procfs import stat_fields
from autograder.results import validate
from conftest import PROJECT
from test_batch import HANGS, descendants, interrupt_and_check_that_everything_ends, METADATA, REFERENCE, SUBMISSIONS_MADE_UP, TIME_LIMIT, make_export, read_rows

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list, log: Path, **options) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **options)


def stop(process: subprocess.Popen) -> None:
    """SIGKILL the process and everything below it (a worker's fork server and its workers)."""
    for pid in [process.pid, *descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=30)


def worker_command(address: str, name: str, nanny: bool = False) -> list:
    return [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
            "--nanny" if nanny else "--no-nanny", "--name", name, "--host", "127.0.0.1", "--no-dashboard",
            "--preload", "autograder.dask_pool"]


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=START_SECONDS) as client:
        client.wait_for_workers(count, timeout=START_SECONDS)


@contextmanager
def cluster(folder: Path, workers: int = 2, nanny: bool = False, env: dict | None = None, cwd: Path | None = None):
    """A scheduler (retrying a lost worker's tasks once) and ``workers`` workers on 127.0.0.1,
    with nannies (which restart a worker that dies) or not, all in ``env`` and ``cwd``: yields
    (address, the worker processes); stops them all."""
    folder.mkdir(parents=True, exist_ok=True)
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**(env or os.environ), "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    processes = [start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                        "--port", address.rsplit(":", 1)[1], "--no-dashboard"], folder / "scheduler.log",
                       env=env, cwd=cwd)]
    try:
        workers_started = [start(worker_command(address, str(i), nanny), folder / f"worker{i}.log", env=env, cwd=cwd)
                           for i in range(workers)]
        processes += workers_started
        wait_for_workers(address, workers)
        yield address, workers_started
    finally:
        for process in reversed(processes):
            stop(process)


def batch_command(export: Path, out: Path, *options: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    completed = subprocess.run([sys.executable, "-m", "autograder", "batch", "hw1", str(export), "--out", str(out),
                                "--no-progress", "--time-limit", TIME_LIMIT, *options],
                               capture_output=True, text=True, cwd=PROJECT, env=env, timeout=600)
    assert completed.returncode == 0 or not check, completed.stderr
    return completed


def documents(out: Path) -> dict:
    return {p.stem: {**json.loads(p.read_text()), "execution_time": 0} for p in (out.parent / "results").glob("*.json")}


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    with cluster(tmp_path_factory.mktemp("cluster")) as (address, _):
        yield address


def test_a_dask_cluster_grades_as_the_local_pool_does(two_workers, tmp_path):
    export = make_export(tmp_path / "export")
    local, remote = tmp_path / "local" / "grades.csv", tmp_path / "dask" / "grades.csv"
    local_run = batch_command(export, local, "--jobs", "2")
    dask_run = batch_command(export, remote, "--dask", two_workers)
    assert read_rows(remote) == read_rows(local)
    assert {r["submission_id"]: float(r["score"]) for r in read_rows(remote)} == {
        **{k: float(v[1]) for k, v in SUBMISSIONS_MADE_UP.items()}, "1006": 0.0}
    assert documents(remote) == documents(local) and len(documents(remote)) == 6
    for document in documents(remote).values():
        validate(document)
    assert {p.name for p in (remote.parent / "results").iterdir()} == {
        p.name for p in (local.parent / "results").iterdir()}
    assert dask_run.stdout.split("\n", 2)[2] == local_run.stdout.split("\n", 2)[2]  # the summary, but for paths


def test_a_rerun_on_dask_grades_only_what_has_no_results(two_workers, tmp_path):
    export = make_export(tmp_path / "export", ids={"1001", "1005"},
                         metadata=METADATA.split("submission_1002:")[0] + "submission_1005:\n  :submitters: []\n")
    out = tmp_path / "grades.csv"
    assert "2 submissions, 2 graded now" in batch_command(export, out, "--dask", two_workers).stdout
    kept = (tmp_path / "results" / "1001.json").stat().st_mtime_ns
    (tmp_path / "results" / "1005.json").unlink()
    second = batch_command(export, out, "--dask", two_workers)
    assert "1 graded now, 1 kept from an earlier run" in second.stdout
    assert (tmp_path / "results" / "1001.json").stat().st_mtime_ns == kept
    assert [(r["submission_id"], r["score"]) for r in read_rows(out)] == [("1001", "29"), ("1001", "29"), ("1005", "0")]


def test_a_worker_killed_mid_batch_costs_nothing_its_submissions_are_graded_by_the_other(tmp_path):
    ids = [str(3000 + i) for i in range(6)]
    export = tmp_path / "export"
    for i in ids:  # each hangs for the time limit, so that both workers are grading when one is killed
        (export / f"submission_{i}").mkdir(parents=True)
        (export / f"submission_{i}" / "hw1.py").write_text(REFERENCE + HANGS)
    out = tmp_path / "out" / "grades.csv"
    with cluster(tmp_path / "cluster") as (address, workers):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
        batch_process = subprocess.Popen(
            [sys.executable, "-m", "autograder", "batch", "hw1", str(export), "--out", str(out), "--no-progress",
             "--time-limit", TIME_LIMIT, "--dask", address],
            cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while len(descendants(workers[1].pid)) < 2:  # its fork server, and a worker grading a submission
            assert time.monotonic() < deadline and batch_process.poll() is None, "the batch never got under way"
            time.sleep(0.1)
        stop(workers[1])
        stdout, stderr = batch_process.communicate(timeout=300)
    assert batch_process.returncode == 0, stderr
    assert "6 submissions, 6 graded now" in stdout
    assert {r["submission_id"]: r["score"] for r in read_rows(out)} == dict.fromkeys(ids, "28")


def test_a_worker_whose_project_differs_is_refused_by_name(tmp_path):
    project = tmp_path / "project"
    project.mkdir(mode=0o700)  # private, as a reference solution must be (sandboxed tests search /tmp for one)
    try:
        for part in ("autograder", "assignments", "reference"):
            shutil.copytree(PROJECT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        with open(project / "autograder" / "compare.py", "a") as f:
            f.write("# a different engine\n")
        env = {**os.environ, "PYTHONPATH": str(project)}
        with cluster(tmp_path / "cluster", workers=1, env=env, cwd=project) as (address, _):
            completed = batch_command(make_export(tmp_path / "export", ids={"1001"}), tmp_path / "g.csv",
                                      "--dask", address, check=False)
    finally:
        shutil.rmtree(project)
    assert completed.returncode == 2
    assert "Dask workers differ from this machine" in completed.stderr and "autograder engine" in completed.stderr
    assert not list((tmp_path / "results").glob("*"))  # nothing graded


def kills_its_worker(assignment_name, time_limit, submissions, expected):
    """A task that kills its Dask worker process if it holds a submission with a file named 'kills'."""
    from autograder import dask_pool

    if any(name == "kills" for files, _ in submissions for name, _, _ in files or ()):
        os._exit(9)
    return dask_pool.grade_files(assignment_name, time_limit, submissions, expected)


@pytest.mark.parametrize("tasks_per_thread", [8, 0], ids=["a task each", "one task for all"])
def test_a_submission_that_kills_its_worker_twice_gets_results_that_say_so(tmp_path, monkeypatch, tasks_per_thread):
    """Alone in its task, or with others: the submissions of a lost task are graded again at the
    end, each alone on the cluster, so that only the one that kills its workers is lost."""
    from autograder import batch, dask_pool
    from autograder.assignment import load_assignment
    from autograder.jobs import Job
    from autograder.results import CONTACT_STAFF

    jobs = []
    for submission_id in ["1", "kills", "3"]:
        (tmp_path / submission_id).mkdir()
        (tmp_path / submission_id / submission_id).write_text("")
        jobs.append(Job(submission_id, tmp_path / submission_id, tmp_path / "results" / f"{submission_id}.json", 60))
    monkeypatch.setattr(dask_pool, "TASKS_PER_THREAD", tasks_per_thread)
    assert len(dask_pool.chunked(jobs, 2)) == (3 if tasks_per_thread else 1)
    tests_on_path = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), str(PROJECT / "tests")])}
    with cluster(tmp_path / "cluster", nanny=True, env=tests_on_path) as (address, _):  # nannies restart the killed
        batch.grade_all(load_assignment("hw1"), jobs, dask_pool.DaskPool(address, 2, None, task=kills_its_worker),
                        progress=False)
    documents = {j.submission_id: json.loads(j.results.read_text()) for j in jobs}
    assert documents["kills"]["output"] == CONTACT_STAFF and dask_pool.LOST in jobs[1].log.read_text()
    assert "could not find hw1.py" in documents["1"]["output"] and "could not find hw1.py" in documents["3"]["output"]


def test_a_large_batch_goes_in_tasks_of_a_few_submissions_that_shrink_to_one_at_the_end():
    from autograder.dask_pool import CHUNK, TASKS_PER_THREAD, chunked

    for count, threads in [(200, 2), (100, 2), (20, 2), (1, 2), (1000, 64), (7, 0)]:
        tasks = chunked(list(range(count)), threads)
        assert [job for task in tasks for job in task] == list(range(count))
        left = [count - sum(map(len, tasks[:i])) for i in range(len(tasks))]
        assert [len(task) for task in tasks] == [max(1, min(CHUNK, n // max(1, threads * TASKS_PER_THREAD)))
                                                 for n in left]
        assert threads == 0 or all(len(task) == 1 for task in tasks[-threads:])
    assert max(map(len, chunked(list(range(200)), 2))) == CHUNK > 1
    assert len(chunked(list(range(200)), 2)) < 200 / 3


def test_a_local_cluster_has_its_settings_on_the_scheduler_and_every_worker():
    """A lost task retried once; no profiler; event loops, memory and machine measured seldom;
    each worker's fork servers started with it, before its first task."""
    import dask
    from autograder import dask_pool, forkserver
    from autograder.jobs import BATCH_LIBRARIES

    settings = lambda: {key: dask.config.get(key) for key in dask_pool.LOCAL_CLUSTER_CONFIG}  # noqa: E731
    with local_cluster(2) as client:
        on_workers = client.run(settings)
        on_scheduler = client.run_on_scheduler(settings)
        servers = client.run(lambda: sorted(forkserver._servers))
    assert len(on_workers) == 2
    assert all(s == dask_pool.LOCAL_CLUSTER_CONFIG for s in [on_scheduler, *on_workers.values()]), on_workers
    assert all(started == [(), BATCH_LIBRARIES] for started in servers.values()), servers


def test_an_interrupted_batch_on_a_local_cluster_ends_everything_it_started(tmp_path):
    export = tmp_path / "export"
    for i in range(4):  # submissions that hang, so that grading is under way when the signal comes
        (export / f"submission_{2000 + i}").mkdir(parents=True)
        (export / f"submission_{2000 + i}" / "hw1.py").write_text(REFERENCE + HANGS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    batch_process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "batch", "hw1", str(export), "--out", str(tmp_path / "g.csv"),
         "--no-progress", "--time-limit", "30", "--jobs", "2", "--dask", "local"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline, scratch_before = time.monotonic() + 120, scratch_folders()
    while len(graders(batch_process.pid)) < 2:  # both workers grading hanging submissions
        assert time.monotonic() < deadline and batch_process.poll() is None, "the batch never got under way"
        time.sleep(0.2)
    interrupt_and_check_that_everything_ends(batch_process, lambda pid: os.kill(pid, signal.SIGTERM))
    # The workers ended mid-task leave the copies of the submissions they graded in their
    # folders, which are removed with the cluster.
    assert not scratch_folders() - scratch_before


def scratch_folders() -> set:
    """Dask workers' folders and scratch copies of submissions, in the temporary folder or in
    Dask's default folder for workers."""
    temporary = Path(tempfile.gettempdir())
    return {*temporary.glob("autograder-dask-*"), *temporary.glob("dask-scratch-space/*/autograder-dask-*")}


def test_a_worker_copies_submissions_into_its_own_folder_only_where_no_one_else_can_change_it(tmp_path):
    from autograder.dask_pool import _private

    folder = tmp_path / "shared" / "worker"
    folder.mkdir(parents=True)
    assert _private(folder)
    for mode, private in [(0o777, False), (0o1777, True), (0o775, False), (0o755, True)]:
        folder.parent.chmod(mode)  # sticky, a folder above may be writable (as /tmp is)
        assert _private(folder) is private, oct(mode)
    folder.chmod(0o1777)  # but the folder itself never
    assert not _private(folder)
    folder.chmod(0o700)
    (tmp_path / "link").symlink_to(folder)
    assert not _private(tmp_path / "link") and not _private(tmp_path / "missing")


@contextmanager
def local_cluster(workers: int):
    """A client of a LocalCluster started here, as ``--dask local`` starts it; the variables it
    sets in this process's environment (MALLOC_..., PYTHONHASHSEED) are unset at its end."""
    from autograder import dask_pool

    environment = dict(os.environ)
    try:
        with dask_pool._client("local", workers) as client:
            yield client
    finally:
        os.environ.clear()
        os.environ.update(environment)


def graders(pid: int) -> set:
    """The processes below ``pid`` that grade: forks of a fork server (those that end meanwhile
    are left out)."""
    servers = {p for p in descendants(pid) if b"autograder.forkserver" in _command_line(p)}
    return {p for p in servers if (fields := stat_fields(p)) and int(fields[1]) in servers}


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
