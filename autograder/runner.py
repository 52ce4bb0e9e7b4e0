"""The trusted side of the boundary: starts workers, sends calls, reads plain-data answers.

One :class:`StudentRunner` per graded submission. It prepares a :class:`~autograder.sandbox.Sandbox`,
starts a worker (see :mod:`autograder.worker`) there that imports the submission once (forked by
the process's fork server, :mod:`autograder.forkserver`, else spawned), and turns
every call into a :class:`CallOutcome` record: the decoded return value, or what went wrong. A
worker that hangs past the time limit, crashes or exits is killed with its whole process group
(and any process it left behind) and replaced on the next call; only the calls it was running
are lost. The whole run has a time budget: once it is spent, remaining calls fail at once.
"""
from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import forkserver, wire
from .sandbox import Sandbox, SandboxLimits, kill_orphans, worker_command

MAX_RESPONSE_BYTES = 64 * 2**20
READ_BYTES = 1 << 20
PIPE_BYTES = 1 << 20  # a pipe's capacity, where the system allows: large arrays cross in few writes
MAX_PRINTED_CHARS = 4000


@dataclass(frozen=True)
class CallOutcome:
    """What one call of a student function did."""

    value: object = None
    error: str | None = None
    mutated: tuple = ()
    seconds: float = 0.0
    not_implemented: bool = False
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, kw_only=True)
class Limits:
    call_seconds: float = 30.0
    import_seconds: float = 60.0
    run_seconds: float = 420.0
    sandbox: SandboxLimits = SandboxLimits()


class WorkerDied(Exception):
    pass


class TimedOut(WorkerDied):
    pass


@dataclass
class _Worker:
    process: subprocess.Popen | forkserver.ForkedWorker
    requests: object
    responses: int
    buffer: bytearray = field(default_factory=bytearray)


class StudentRunner:
    """Runs one submission's functions in isolated worker processes."""

    def __init__(self, submission: Path, module_name: str, limits: Limits = Limits()):
        self.module_name = module_name
        self.limits = limits
        self.sandbox = Sandbox(submission, module_name)
        self.load_error: str | None = None
        self._worker: _Worker | None = None
        self._deadline = time.monotonic() + limits.run_seconds

    def __enter__(self) -> "StudentRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def call(self, function: str, args: dict, timeout: float | None = None) -> CallOutcome:
        """Call ``function`` with ``args`` (name -> trusted value) in a worker."""
        if self._remaining() <= 0:
            return CallOutcome(error=f"not run: the grading time budget of {self.limits.run_seconds:g} s was used up")
        if self.load_error is None:  # a file that failed to import is not imported again
            worker = self._ready_worker()
        if self.load_error is not None:
            return CallOutcome(error=self.load_error)
        blob = wire.Blob()
        request = {"function": function, "names": list(args),
                   "args": [wire.encode(v, blob=blob) for v in args.values()]}
        limit = min(timeout or self.limits.call_seconds, max(self._remaining(), 0.1))
        try:
            worker.requests.write(wire.frame(request, blob))
            worker.requests.flush()
            return _outcome(*self._read(worker, limit))
        except (WorkerDied, BrokenPipeError) as died:
            self._kill()
            return CallOutcome(error=f"{function}() {died}", timed_out=isinstance(died, TimedOut))

    def printed(self) -> str:
        """What the student's code printed, truncated to a readable length."""
        try:
            with open(self.sandbox.capture, "rb") as f:
                data = f.read(MAX_PRINTED_CHARS + 1)
        except OSError:
            return ""
        text = data[:MAX_PRINTED_CHARS].decode("utf-8", "replace")
        return text + ("\n... (output truncated)" if len(data) > MAX_PRINTED_CHARS else "")

    def close(self) -> None:
        self._kill()
        self.sandbox.cleanup()

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    # ------------------------------------------------------------------ workers

    def _ready_worker(self) -> _Worker:
        if self._worker is None:
            self._worker = self._start()
            try:
                ready, _ = self._read(self._worker, min(self.limits.import_seconds, max(self._remaining(), 0.1)))
                self.load_error = ready.get("load_error")
            except WorkerDied as died:
                self._kill()
                self.load_error = f"importing {self.module_name}.py {died}"
        return self._worker

    def _start(self) -> _Worker:
        """A worker forked by this process's fork server, else (none that works) a spawned one."""
        limits = self.sandbox.worker_limits(self.limits.sandbox)
        with open(self.sandbox.capture, "ab") as capture:
            (req_read, req_write), (resp_read, resp_write) = _pipe(), _pipe()
            process = forkserver.start_worker((req_read, resp_write, capture.fileno()), self.sandbox.fork_options(),
                                              self.module_name, self.sandbox.submission, limits)
            if process is None:  # fresh pipes: a worker forked before the server failed must not share them
                for fd in (req_read, req_write, resp_read, resp_write):
                    os.close(fd)
                (req_read, req_write), (resp_read, resp_write) = _pipe(), _pipe()
                command = worker_command(req_read, resp_write, self.module_name, limits, self.sandbox.submission)
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=capture, stderr=subprocess.STDOUT,
                                           pass_fds=(req_read, resp_write), **self.sandbox.popen_options())
        os.close(req_read)
        os.close(resp_write)
        return _Worker(process, os.fdopen(req_write, "wb"), resp_read)

    def _read(self, worker: _Worker, seconds: float) -> tuple:
        """One frame from the worker, as (message, blob), within ``seconds``, or WorkerDied."""
        deadline = time.monotonic() + seconds
        try:
            text_size, blob_size = wire.FRAME_HEADER.unpack(_read_bytes(worker, wire.FRAME_HEADER.size, deadline))
            if text_size + blob_size > MAX_RESPONSE_BYTES:
                raise WorkerDied(f"returned more than {MAX_RESPONSE_BYTES >> 20} MB of data")
            return wire.unframe(_read_bytes(worker, text_size + blob_size, deadline), text_size)
        except TimedOut:
            raise TimedOut(f"did not finish within the time limit of {seconds:g} s") from None
        except wire.WireError:
            raise WorkerDied("sent a malformed answer") from None

    def _kill(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            os.killpg(worker.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.process.wait()
        kill_orphans(spare=self.sandbox.children_before)
        try:
            worker.requests.close()
        except OSError:
            pass
        os.close(worker.responses)


def _pipe() -> tuple:
    """A pipe (read end, write end), enlarged to PIPE_BYTES where the system allows."""
    read, write = os.pipe()
    try:
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):
        pass
    return read, write


def _read_bytes(worker: _Worker, size: int, deadline: float) -> bytes:
    """Exactly ``size`` bytes from the worker by ``deadline``; TimedOut or WorkerDied if not."""
    while len(worker.buffer) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([worker.responses], [], [], remaining)[0]:
            raise TimedOut()
        chunk = os.read(worker.responses, min(size - len(worker.buffer), READ_BYTES))
        if not chunk:
            raise WorkerDied(_death_words(worker.process))
        worker.buffer += chunk
    data = bytes(worker.buffer[:size])
    del worker.buffer[:size]
    return data


def _death_words(process) -> str:
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    if code is None:
        return "closed its connection to the grader"
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"crashed: the process was killed by signal {name}"
    return f"ended the process (exit code {code}); a submission must not exit"


def _outcome(message: dict, blob: memoryview) -> CallOutcome:
    """Validate a worker's answer and decode its value; nothing in it is trusted. A value that
    cannot be read is WorkerDied: the worker's stream of answers is no longer to be believed."""
    if message.get("ok") is True:
        try:
            value = wire.decode(message.get("value"), blob=blob)
        except (wire.WireError, ValueError, TypeError) as error:
            raise WorkerDied(f"returned a value that could not be read ({error})") from None
        mutated = message.get("mutated")
        mutated = tuple(str(m)[:100] for m in mutated) if isinstance(mutated, list) else ()
        seconds = message.get("seconds")
        return CallOutcome(value=value, mutated=mutated, seconds=float(seconds) if isinstance(seconds, (int, float)) else 0.0)
    error = message.get("error")
    return CallOutcome(error=str(error)[:4000] if error else "failed", not_implemented=message.get("not_implemented") is True)
