"""Workers forked from the grading process's fork server: one server for every submission, fast
worker starts, out of reach of hostile workers, and spawned workers whenever it is unavailable."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import subprocess
import sys

import pytest

from autograder import forkserver
from autograder.paths import PROJECT_ROOT
from autograder.runner import Limits, StudentRunner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is Linux-only")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: the worker then runs as another user")

PARENT = "import os\ndef parent(x):\n    return float(os.getppid())\n"
HOSTILE = PARENT + """
import ctypes, signal
def attack(x):
    done = []
    target = os.getppid()
    for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGTERM):
        try:
            os.kill(target, sig)
            done.append(sig.name)
        except OSError:
            pass
    if ctypes.CDLL(None, use_errno=True).ptrace(16, target, 0, 0) == 0:  # PTRACE_ATTACH
        done.append("ptrace")
    return ",".join(done)
"""


def run(tmp_path, source: str, calls: list) -> list:
    """The answers to ``calls`` (function names) of a one-file submission."""
    path = tmp_path / "sub.py"
    path.write_text(source)
    with StudentRunner(path, "sub", Limits(call_seconds=10, import_seconds=60)) as runner:
        outcomes = [runner.call(name, {"x": 1.0}) for name in calls]
    assert all(o.ok for o in outcomes), outcomes
    return [o.value.array.item() if hasattr(o.value, "array") else o.value for o in outcomes]


def test_consecutive_submissions_share_one_fork_server(tmp_path):
    (first,) = run(tmp_path, PARENT, ["parent"])
    server = forkserver.server_pid()
    (second,) = run(tmp_path, PARENT, ["parent"])
    assert server is not None and forkserver.server_pid() == server
    assert first == second == server  # each worker is a child of the server


@needs_root
def test_a_worker_cannot_signal_or_trace_the_fork_server(tmp_path):
    (before,) = run(tmp_path, PARENT, ["parent"])
    (attack, after) = run(tmp_path, HOSTILE, ["attack", "parent"])
    assert attack == "", f"the worker managed to {attack} the fork server"
    (next_one,) = run(tmp_path, PARENT, ["parent"])
    assert before == after == next_one == forkserver.server_pid()


def test_workers_are_spawned_when_the_fork_server_is_gone(tmp_path, monkeypatch):
    run(tmp_path, PARENT, ["parent"])
    os.kill(forkserver.server_pid(), signal.SIGKILL)
    (spawned,) = run(tmp_path, PARENT, ["parent"])
    assert spawned == os.getpid()  # not lost: a worker spawned by this process answered
    monkeypatch.setattr(forkserver, "_unavailable", True)
    (spawned,) = run(tmp_path, PARENT, ["parent"])
    assert spawned == os.getpid()


def test_a_batch_forks_a_worker_from_its_lean_server_unless_the_file_names_torch(tmp_path):
    forkserver.shutdown()
    forkserver.prestart(("torch",))  # as a batch's grading process asks
    try:
        (lean_parent,) = run(tmp_path, PARENT, ["parent"])
        torch_parent, loaded = run(tmp_path, PARENT + LOADED + "# uses torch\n", ["parent", "loaded"])
        assert lean_parent == forkserver.server_pid() != torch_parent and loaded is True
    finally:
        forkserver.shutdown()


DRAWS = ("import random, numpy, torch\n"
         "def draws(x):\n    return [random.random(), float(numpy.random.rand()), float(torch.rand(1))]\n")


def test_every_worker_draws_fresh_random_numbers(tmp_path):
    """A fork copies the server's random states: each worker must have its own, in Python's
    random, NumPy and torch, as a spawned worker would."""
    first, second = ([leaf.array.item() for leaf in run(tmp_path, DRAWS, ["draws"])[0]] for _ in range(2))
    assert all(a != b for a, b in zip(first, second)), (first, second)


LOADED = "import sys\ndef loaded(x):\n    return ('tor' + 'ch') in sys.modules\n"
SNEAKY = "def sneaky(x):\n    t = __import__('tor' + 'ch')\n    return float(t.ones(3).sum()) + t.get_num_threads()\n"


@pytest.mark.parametrize("fork_server", [True, False], ids=["forked", "spawned"])
def test_torch_is_imported_ahead_only_for_files_that_name_it(tmp_path, monkeypatch, fork_server):
    forkserver.shutdown()  # a fresh server: it imports torch only once a submission needs it
    monkeypatch.setattr(forkserver, "_unavailable", not fork_server)
    assert run(tmp_path, LOADED, ["loaded"]) == [False]
    assert run(tmp_path, SNEAKY, ["sneaky"]) == [4.0]  # imported by the file itself, single-threaded
    assert run(tmp_path, LOADED + "# uses torch\n", ["loaded"]) == [True]
    forkserver.shutdown()


COMPILER_LOADED = "import sys, torch\ndef compiler(x):\n    return ('torch.' + '_dynamo') in sys.modules\n"


def test_torch_compiler_stack_is_imported_ahead_for_files_that_name_torch_func_or_optim(tmp_path):
    """Imported by the server, once, not by each of the file's workers (public and hidden)."""
    forkserver.shutdown()
    try:
        assert run(tmp_path, COMPILER_LOADED, ["compiler"]) == [False]
        assert run(tmp_path, COMPILER_LOADED + "from torch import func\n", ["compiler"]) == [True]
    finally:
        forkserver.shutdown()


@pytest.mark.parametrize("import_fails", [False, True], ids=["imported", "import failed"])
def test_libraries_are_imported_with_the_garbage_collector_paused(monkeypatch, import_fails):
    """Collections during torch's import cost a third of it; the collector is on again after,
    whether or not the import succeeded."""
    from autograder import worker

    seen = []

    def import_module(name):
        seen.append((name, gc.isenabled()))
        if import_fails:
            raise ImportError(name)

    monkeypatch.setattr(worker.importlib, "import_module", import_module)
    monkeypatch.delitem(sys.modules, "torch._dynamo", raising=False)
    assert gc.isenabled()
    with pytest.raises(ImportError) if import_fails else contextlib.nullcontext():
        worker.preload_libraries(["torch._dynamo"])
    assert seen == [("torch._dynamo", False)] and gc.isenabled()


REFAULTS = """import resource, numpy as np
def refaults(x):
    np.ones(1 << 20)  # 8 MB, made and freed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    np.ones(1 << 20)
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.parametrize("fork_server", [True, False], ids=["forked", "spawned"])
def test_a_worker_reuses_the_memory_its_code_frees(tmp_path, monkeypatch, fork_server):
    """Temporaries made in a loop cost no page faults after the first (glibc's malloc, left as a
    fresh process has it, maps them anew each time: the positive control, in a plain interpreter)."""
    fresh = subprocess.run([sys.executable, "-c", REFAULTS + "print(refaults(0))"], capture_output=True, text=True)
    if float(fresh.stdout) < 100:
        pytest.skip(f"this system's allocator already reuses the memory ({fresh.stdout.strip()} page faults)")
    monkeypatch.setattr(forkserver, "_unavailable", not fork_server)
    assert run(tmp_path, REFAULTS, ["refaults"])[0] < 100


HASH_SCRIPT = """
from pathlib import Path
from autograder import cli, forkserver
cli._start_grading_process()  # first, as the command does
from autograder.runner import Limits, StudentRunner
path = Path({path!r})
with StudentRunner(path, "sub", Limits(call_seconds=10, import_seconds=60)) as runner:
    value = runner.call("hashed", {{"x": 1.0}}).value.array.item()
print(type(forkserver._servers[()].process).__name__, value)
forkserver.shutdown()
"""


@pytest.mark.parametrize("seed, server", [("0", "ForkedProcess"), ("random", "Popen")])
def test_the_command_line_forks_its_server_only_where_workers_keep_their_fixed_hash_seed(tmp_path, seed, server):
    path = tmp_path / "sub.py"
    path.write_text("def hashed(x):\n    return hash('a string')\n")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    fixed = subprocess.run([sys.executable, "-c", "print(hash('a string'))"], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": "0"}).stdout.strip()
    out = subprocess.run([sys.executable, "-c", HASH_SCRIPT.format(path=str(path))], capture_output=True, text=True,
                         env=env, cwd=PROJECT_ROOT, timeout=120)
    assert out.stdout.split() == [server, fixed], out.stderr


CPUS_SCRIPT = """
import json, os
from pathlib import Path
from autograder import cli
cli._start_grading_process()  # first, as the command does
from autograder.runner import Limits, StudentRunner
with StudentRunner(Path({path!r}), "sub", Limits(call_seconds=10, import_seconds=60)) as runner:
    worker = [int(c.array.item()) for c in runner.call("cpus", {{"x": 1.0}}).value]
print(json.dumps([sorted(os.sched_getaffinity(0)), worker]))
"""


@pytest.mark.parametrize("seed", ["0", "random"])
def test_the_command_line_runs_its_workers_on_other_cpus_than_its_own(tmp_path, seed):
    path = tmp_path / "sub.py"
    path.write_text("import os\ndef cpus(x):\n    return [float(c) for c in sorted(os.sched_getaffinity(0))]\n")
    out = subprocess.run([sys.executable, "-c", CPUS_SCRIPT.format(path=str(path))], capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": seed}, cwd=PROJECT_ROOT, timeout=120)
    grader, worker = map(set, json.loads(out.stdout or "[[], []]"))
    allowed = os.sched_getaffinity(0)
    if len(allowed) > 1:
        assert len(grader) == 1 and worker == allowed - grader, out.stderr
    else:
        assert grader == worker == allowed, out.stderr
