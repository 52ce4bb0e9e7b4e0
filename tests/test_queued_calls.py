"""Calls submitted ahead: answered in order, each within its own time limit, and a call that
hangs or crashes costs only itself (the calls queued behind it go to a fresh worker)."""
from __future__ import annotations

import signal
import time

import numpy as np
import pytest

from autograder.runner import Limits, StudentRunner

SOURCE = """
import os, time
def add(x):
    return x + 1
def slow(x):
    time.sleep(x)
    return x
def hang(x):
    while True:
        pass
def crash(x):
    os._exit(3)
def pid(x):
    return float(os.getpid())
def echo(x):
    return x
"""
LIMIT = 1.5


@pytest.fixture
def runner(tmp_path):
    path = tmp_path / "sub.py"
    path.write_text(SOURCE)
    with StudentRunner(path, "sub", Limits(call_seconds=LIMIT, import_seconds=60)) as runner:
        yield runner


def value(outcome):
    assert outcome.ok, outcome.error
    return outcome.value.array.item()


def test_queued_calls_are_answered_in_order_whichever_is_asked_first(runner):
    pending = [runner.submit("add", {"x": float(i)}) for i in range(5)]
    assert [value(runner.result(p)) for p in reversed(pending)] == [5.0, 4.0, 3.0, 2.0, 1.0]


def test_each_queued_call_has_its_own_time_limit(runner):
    pending = [runner.submit("slow", {"x": 0.6 * LIMIT}) for _ in range(3)]
    assert [value(runner.result(p)) for p in pending] == [0.6 * LIMIT] * 3


def test_a_hanging_call_costs_only_itself_and_its_function_is_not_run_again(runner):
    names = ["pid", "hang", "add", "hang", "pid"]
    pending = [runner.submit(name, {"x": 1.0}) for name in names]
    first_worker = value(runner.result(pending[0]))
    assert f"time limit of {LIMIT:g} s" in runner.result(pending[1]).error
    assert value(runner.result(pending[2])) == 2.0
    start = time.monotonic()
    assert "not run: it timed out on an earlier case" in runner.result(pending[3]).error
    assert time.monotonic() - start < LIMIT / 2
    assert value(runner.result(pending[4])) != first_worker


def test_a_crash_in_a_queued_call_costs_only_itself(runner):
    crash, add = runner.submit("crash", {"x": 1.0}), runner.submit("add", {"x": 1.0})
    assert "exit code 3" in runner.result(crash).error
    assert value(runner.result(add)) == 2.0


def test_a_large_request_queued_behind_a_hanging_call_never_blocks_the_grader(runner):
    big = np.arange(4_000_000, dtype=np.float64)  # 32 MB: more than a pipe holds
    signal.signal(signal.SIGALRM, blocked)
    signal.alarm(60)  # a grader blocked on writing would wait for the hanging worker forever
    try:
        runner.call("add", {"x": 1.0})  # a worker is running
        hang = runner.submit("hang", {"x": 1.0})
        start = time.monotonic()
        echo = runner.submit("echo", {"x": big})
        assert time.monotonic() - start < LIMIT / 2
        assert runner.result(hang).error
        np.testing.assert_array_equal(runner.result(echo).value.array, big)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


class Blocked(Exception):
    pass


def blocked(signum, frame):
    raise Blocked("the grader blocked writing a request")
