"""Workers forked from the grading process's fork server: one server for every submission, fast
worker starts, out of reach of hostile workers, and spawned workers whenever it is unavailable."""
from __future__ import annotations

import os
import signal
import sys

import pytest

from autograder import forkserver
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
