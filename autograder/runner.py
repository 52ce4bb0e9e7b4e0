"""The trusted side of the boundary: starts workers, sends calls, reads plain-data answers.

One :class:`StudentRunner` per graded submission. It prepares a :class:`~autograder.sandbox.Sandbox`,
starts a worker (see :mod:`autograder.worker`) there that imports the submission once (forked by
the process's fork server, :mod:`autograder.forkserver`, else spawned), and turns
every call into a :class:`CallOutcome` record: the decoded return value, or what went wrong.
Calls may be queued ahead, so that the worker computes while the grader checks. A worker that
hangs past the time limit, crashes or exits is killed with its whole process group (and any
process it left behind); only the call it was running is lost, and the calls queued behind it
go to the next worker. The whole run has a time budget: once it is spent, remaining calls fail
at once.
"""
from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import forkserver, wire
from .sandbox import Sandbox, SandboxLimits, SubmissionRefused, kill_orphans, worker_command

MAX_RESPONSE_BYTES = 64 * 2**20
READ_BYTES = 1 << 20
#: The longest the runner waits without running Python: an exception set on its thread from
#: outside (a batch's submission timeout on a Dask worker) lands within this.
WAKE_SECONDS = 0.5
PIPE_BYTES = 1 << 20  # a pipe's capacity, where the system allows: large arrays cross in few writes
MAX_PRINTED_CHARS = 4000
MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class CallOutcome:
    """What one call of a student function did."""

    value: object = None
    error: str | None = None
    mutated: tuple = ()
    seconds: float = 0.0
    not_implemented: bool = False

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


@dataclass(eq=False)
class PendingCall:
    """A call submitted to a :class:`StudentRunner`: its request, its time limit and, once
    answered (calls are answered in the order submitted), its outcome."""

    function: str
    names: tuple  # of its arguments: the only names an answer may report as modified
    frame: bytes
    seconds: float
    outcome: CallOutcome | None = None
    written: int = 0  # bytes of the frame written to the current worker


@dataclass
class _Worker:
    process: subprocess.Popen | forkserver.ForkedWorker
    requests: int  # our end of its request pipe, non-blocking
    responses: int
    buffer: bytearray = field(default_factory=bytearray)


class StudentRunner:
    """Runs one submission's functions in isolated worker processes.

    Calls may be submitted ahead (:meth:`submit`): the worker runs them in order while the
    grader checks earlier answers, and :meth:`result` waits for one. A call's time limit runs
    from when the grader starts waiting for it, which is no earlier than when the worker
    finished the calls before it.
    """

    def __init__(self, submission: Path, module_name: str, limits: Limits = Limits()):
        self.module_name = module_name
        self.limits = limits
        self.load_error: str | None = None
        try:
            self.sandbox: Sandbox | None = Sandbox(submission, module_name)
        except SubmissionRefused as refused:  # a link, a device, a FIFO: every call fails, saying so
            self.sandbox, self.load_error = None, str(refused)
        self._worker: _Worker | None = None
        self._queue: deque[PendingCall] = deque()  # submitted, not yet answered
        self._timed_out: set = set()
        self._submitted = False  # whether calls were submitted since the last separate()
        self._deadline = time.monotonic() + limits.run_seconds

    def __enter__(self) -> "StudentRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ public

    def call(self, function: str, args: dict, timeout: float | None = None) -> CallOutcome:
        """Call ``function`` with ``args`` (name -> trusted value) in a worker and wait for it."""
        return self.result(self.submit(function, args, timeout))

    def submit(self, function: str, args: dict, timeout: float | None = None) -> PendingCall:
        """Queue a call of ``function``; a running worker starts on it as soon as it is free."""
        blob = wire.Blob()
        request = {"function": function, "names": list(args),
                   "args": [wire.encode(v, blob=blob) for v in args.values()]}
        call = PendingCall(function, tuple(args), wire.frame(request, blob), timeout or self.limits.call_seconds)
        self._queue.append(call)
        self._submitted = True
        if self._worker is not None and self.load_error is None:
            self._write_ahead(self._worker)
        return call

    def result(self, call: PendingCall) -> CallOutcome:
        """The outcome of a submitted call, answering every call queued before it first."""
        while call.outcome is None:
            head = self._queue[0]
            outcome = self._answer(head)
            head.outcome = replace(outcome, error=self._as_student_sees(outcome.error)) if outcome.error else outcome
            self._queue.popleft()
        return call.outcome

    def separate(self) -> None:
        """Run the calls submitted from now on in a worker of their own, its printed output kept
        apart (:meth:`printed` then gives only theirs): public and hidden cases never share a
        worker. Every call submitted before must have been answered."""
        if self._queue:
            raise RuntimeError("separate() with calls still unanswered")
        if self._submitted and self.sandbox is not None:
            self._kill()
            self.sandbox.new_capture()
            self._submitted = False

    def printed(self) -> str:
        """What the student's code printed since the last :meth:`separate`, truncated to a readable length."""
        if self.sandbox is None:
            return ""
        try:
            with open(self.sandbox.capture, "rb") as f:
                data = f.read(MAX_PRINTED_CHARS + 1)
        except OSError:
            return ""
        text = self._as_student_sees(data[:MAX_PRINTED_CHARS].decode("utf-8", "replace"))
        return text + ("\n... (output truncated)" if len(data) > MAX_PRINTED_CHARS else "")

    def _as_student_sees(self, text: str) -> str:
        """Text from the worker with the sandbox's paths as the student knows them: ``hw1.py:13``,
        not ``/tmp/autograder-.../work/hw1.py:13``."""
        if self.sandbox is None:
            return text
        for folder in (self.sandbox.submission.parent, self.sandbox.work):
            text = text.replace(f"{folder}{os.sep}", "")
        return text.replace(str(self.sandbox.root), "<sandbox>")

    def close(self) -> None:
        self._kill()
        if self.sandbox is not None:
            self.sandbox.cleanup()

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    def _within_budget(self, seconds: float) -> float:
        """A time limit cut to what is left of the run's budget (a tenth of a second at least)."""
        return min(seconds, max(self._remaining(), 0.1))

    # ------------------------------------------------------------------ calls

    def _answer(self, call: PendingCall) -> CallOutcome:
        """Run the oldest queued call to its end. A function that timed out once is not called
        again: one hanging function cannot spend the whole run's time budget."""
        if call.function in self._timed_out:
            return CallOutcome(error="not run: it timed out on an earlier case")
        if self._remaining() <= 0:
            self._kill()  # it may have started on the call: its answers would no longer match
            return CallOutcome(error=f"not run: the grading time budget of {self.limits.run_seconds:g} s was used up")
        if self.load_error is None:  # a file that failed to import is not imported again
            worker = self._ready_worker()
        if self.load_error is not None:
            return CallOutcome(error=self.load_error)
        try:
            return _outcome(*self._read(worker, self._within_budget(call.seconds)), call.names)
        except WorkerDied as died:
            self._kill()
            if isinstance(died, TimedOut):
                self._timed_out.add(call.function)
            return CallOutcome(error=f"{call.function}() {died}")

    def _write_ahead(self, worker: _Worker) -> None:
        """Write queued requests to the worker, in order, as far as its pipe takes them now."""
        for call in filter(self._to_write, self._queue):
            try:
                call.written += os.write(worker.requests, memoryview(call.frame)[call.written:])
            except OSError:  # full (BlockingIOError), or the worker is gone: its answer says how
                return
            if call.written < len(call.frame):
                return

    def _to_write(self, call: PendingCall) -> bool:
        """Whether the worker is still to get (the rest of) this call: not if its function timed out."""
        return call.written < len(call.frame) and (call.written > 0 or call.function not in self._timed_out)

    # ------------------------------------------------------------------ workers

    def _ready_worker(self) -> _Worker:
        if self._worker is None:
            self._worker = self._start()
            try:
                ready, _ = self._read(self._worker, self._within_budget(self.limits.import_seconds))
                load_error = ready.get("load_error")
                self.load_error = self._as_student_sees(_text(load_error, "failed")) if load_error else None
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
        os.set_blocking(req_write, False)
        return _Worker(process, req_write, resp_read)

    def _read(self, worker: _Worker, seconds: float) -> tuple:
        """One frame from the worker, as (message, blob), within ``seconds``, or WorkerDied."""
        deadline = time.monotonic() + seconds
        try:
            header = self._read_bytes(worker, wire.FRAME_HEADER.size, deadline)
            text_size, blob_size = wire.FRAME_HEADER.unpack(header)
            if text_size + blob_size > MAX_RESPONSE_BYTES:
                raise WorkerDied(f"returned more than {MAX_RESPONSE_BYTES >> 20} MB of data")
            if text_size > wire.MAX_TEXT_BYTES:
                raise WorkerDied(f"sent an answer whose structure is over {wire.MAX_TEXT_BYTES >> 20} MB")
            return wire.unframe(self._read_bytes(worker, text_size + blob_size, deadline), text_size)
        except TimedOut:
            raise TimedOut(f"did not finish within the time limit of {seconds:g} s") from None
        except wire.WireError:
            raise WorkerDied("sent a malformed answer") from None

    def _read_bytes(self, worker: _Worker, size: int, deadline: float) -> bytes:
        """Exactly ``size`` bytes from the worker by ``deadline`` (writing queued requests while
        waiting); TimedOut or WorkerDied if not."""
        while len(worker.buffer) < size:
            remaining = deadline - time.monotonic()
            writing = [worker.requests] if self.load_error is None and any(map(self._to_write, self._queue)) else []
            readable, writable, _ = select.select([worker.responses], writing, [], min(max(remaining, 0), WAKE_SECONDS))
            if writable:
                self._write_ahead(worker)
            if readable:
                chunk = os.read(worker.responses, min(size - len(worker.buffer), READ_BYTES))
                if not chunk:
                    raise WorkerDied(_death_words(worker.process))
                worker.buffer += chunk
            elif remaining <= 0:
                raise TimedOut()
        data = bytes(worker.buffer[:size])
        del worker.buffer[:size]
        return data

    def _kill(self) -> None:
        """End the worker, if any; the calls it had not answered are written again to the next."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            os.killpg(worker.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.process.wait()
        kill_orphans(spare=self.sandbox.children_before)
        os.close(worker.requests)
        os.close(worker.responses)
        for call in self._queue:
            call.written = 0


def _pipe() -> tuple:
    """A pipe (read end, write end), enlarged to PIPE_BYTES where the system allows."""
    read, write = os.pipe()
    try:
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):
        pass
    return read, write


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


def _outcome(message: dict, blob: memoryview, names: tuple) -> CallOutcome:
    """Validate a worker's answer and decode its value; nothing in it is trusted. A value that
    cannot be read is WorkerDied: the worker's stream of answers is no longer to be believed.
    Modified arguments are only ever names of the call's own arguments."""
    if message.get("ok") is True:
        try:
            value = wire.decode(message.get("value"), blob=blob)
        except wire.WireError as error:
            raise WorkerDied(f"returned a value that could not be read ({error})") from None
        mutated = message.get("mutated")
        mutated = tuple(name for name in names if name in mutated) if isinstance(mutated, list) else ()
        return CallOutcome(value=value, mutated=mutated, seconds=_seconds(message.get("seconds")))
    return CallOutcome(error=_text(message.get("error"), "failed"), not_implemented=message.get("not_implemented") is True)


def _text(value, default: str) -> str:
    """A message from the worker, as text of a readable length (``default`` if it is not text)."""
    return value[:MAX_MESSAGE_CHARS] if isinstance(value, str) and value else default


def _seconds(value) -> float:
    """A duration the worker reports, if it is a plausible one (it is only ever shown)."""
    return float(value) if type(value) in (int, float) and 0 <= value < 1e6 else 0.0
