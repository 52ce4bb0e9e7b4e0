"""The fork server: workers started in milliseconds from a process that has already imported torch.

Each grading process starts one early (:func:`prestart`) with the workers' environment (one
thread): as a fork of the grading process while that is as clean as a fresh interpreter (the
command line forks it before loading anything of the assignment, :func:`may_fork_server`),
else as ``python -m autograder.forkserver FD [LIBRARY ...]``. It imports NumPy and
``numpy.random``, the LIBRARY modules and the worker's modules, then answers requests on a Unix
socket, one JSON line each (the grading process may pin it, and so its workers, to CPUs apart
from its own: :mod:`autograder.cpus`). A batch's grading processes run two: a lean one, and
one that has imported torch and its compiler stack, which many submissions use; a worker is
forked from the lean one unless its file names torch (a process holding torch takes several
times longer to fork and to end).

- ``fork``, with the worker's request and response pipes and its capture file (passed with
  ``socket.send_fds``): it first imports what the submission needs and is not yet imported
  (torch when the file names it, as the sandbox found when it copied the file: the server, root
  on Gradescope, never opens a path a worker could have replaced; one thread, no
  operation ever run), then forks a child which starts a session of its own, enters the sandbox's
  ``work/``, writes its output to the capture file, takes the sandbox's environment, applies the
  resource limits, then drops to the sandbox user when there is one (after the limits, so that
  they cannot be raised), and only then runs the worker (:func:`autograder.worker.serve`). The
  answer is the child's pid, which the grading process kills with ``os.killpg`` as it would a
  worker it spawned.
- ``wait``: a worker's exit code once it has ended (null if it has not within the time asked).
  Once it has, the processes it left behind, which the fork server adopts (it is a child
  subreaper), are killed.

The fork server never imports or runs student code, and every worker is a fork of its pristine
state, never of another worker. When the grader is root it stays root, and it is never dumpable,
so that a worker can neither signal nor trace it to taint later workers. It ends, with all its
children, when the grading process closes the socket or dies. Where it cannot start or stops
answering (or off Linux), :func:`start_worker` returns None and the worker is spawned instead.
"""
from __future__ import annotations

import atexit
import ctypes
import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path

from .cpus import split_with
from .sandbox import (SandboxLimits, enable_subreaper, interrupts_held, keep_child, kill_orphans, release_child,
                      worker_environment)
from .worker import NUMPY

START_SECONDS = 120.0
ANSWER_SECONDS = 30.0
PR_SET_DUMPABLE = 4
MAX_MESSAGE = 1 << 16


class ForkServerGone(Exception):
    pass


class ForkServer:
    """The grading process's end: starts the server and asks it things, one at a time."""

    def __init__(self, libraries: tuple = (), cpus: frozenset = frozenset()):
        ours, theirs = socket.socketpair()
        try:
            start = _forked_server if may_fork_server() else _spawned_server
            self.process = start(theirs, libraries)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        keep_child(self.process.pid)
        split_with(self.process.pid, cpus)
        self.socket = ours
        self.ready = False
        self._buffer = b""

    def ask(self, message: dict, fds: tuple = (), seconds: float = ANSWER_SECONDS) -> dict:
        """Send one request and read its answer, or close and raise ForkServerGone."""
        try:
            if not self.ready:
                if self._answer(START_SECONDS).get("ready") is not True:
                    raise ValueError("the fork server did not start")
                self.ready = True
            data = json.dumps(message).encode() + b"\n"
            self.socket.settimeout(seconds)
            sent = socket.send_fds(self.socket, [data], list(fds))
            self.socket.sendall(data[sent:])
            return self._answer(seconds)
        except (OSError, ValueError) as error:
            self.close()
            raise ForkServerGone(str(error)) from None

    def _answer(self, seconds: float) -> dict:
        self.socket.settimeout(seconds)
        while b"\n" not in self._buffer:
            chunk = self.socket.recv(MAX_MESSAGE)
            if not chunk:
                raise ConnectionResetError("the fork server ended")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        answer = json.loads(line)
        if not isinstance(answer, dict):
            raise ValueError("malformed answer")
        return answer

    def close(self) -> None:
        """Close the socket (the server then ends its children and itself) and reap it."""
        self.socket.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        release_child(self.process.pid)


def may_fork_server() -> bool:
    """Whether the server may be a fork of this process rather than a fresh interpreter: only
    while this process is as clean as a fresh one would be (a single thread, torch never
    imported) and has the fixed hash seed workers get (see :mod:`autograder.cli`)."""
    return ("torch" not in sys.modules and sys.flags.hash_randomization == 0
            and len(os.listdir("/proc/self/task")) == 1)


def _spawned_server(theirs: socket.socket, libraries: tuple) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "autograder.forkserver", str(theirs.fileno()), *libraries], pass_fds=(theirs.fileno(),),
        cwd=Path(__file__).resolve().parent.parent, env=worker_environment(), stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, start_new_session=True)


def _forked_server(theirs: socket.socket, libraries: tuple) -> "ForkedProcess":
    """The server as a fork of this process: what it has imported (NumPy) costs no second
    interpreter start. The child takes the spawned server's environment and descriptors."""
    sys.stdout.flush()
    sys.stderr.flush()
    with interrupts_held():
        pid = os.fork()
    if pid:
        return ForkedProcess(pid)
    try:
        os.setsid()
        os.dup2(os.open(os.devnull, os.O_RDWR), 0)
        os.dup2(0, 1)
        os.closerange(3, theirs.fileno())
        os.closerange(theirs.fileno() + 1, 1 << 16)
        os.environ.clear()
        os.environ.update(worker_environment())
        serve(theirs, list(libraries))
    finally:
        os._exit(0)


class ForkedProcess:
    """The part of subprocess.Popen that :meth:`ForkServer.close` uses, for a forked child."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if timeout is not None:
                _until_exit(self.pid, timeout)
            pid, status = os.waitpid(self.pid, 0 if timeout is None else os.WNOHANG)
            if not pid:
                raise subprocess.TimeoutExpired(f"fork server {self.pid}", timeout)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)


class ForkedWorker:
    """A worker forked by the fork server: the part of subprocess.Popen that the runner uses."""

    def __init__(self, pid: int, server: ForkServer):
        self.pid = pid
        self.server = server
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int | None:
        """The exit code once the worker has ended (and its leftovers are killed). Without a
        timeout (the worker was killed), None if the fork server no longer answers."""
        if self.returncode is None:
            try:
                answer = self.server.ask({"op": "wait", "pid": self.pid, "seconds": timeout or ANSWER_SECONDS / 2})
                self.returncode = int(answer["status"]) if answer.get("status") is not None else None
            except (ForkServerGone, TypeError, ValueError, KeyError):
                pass
        if self.returncode is None and timeout is not None:
            raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
        return self.returncode


_servers: dict = {}  # what a server imported beyond NumPy (a tuple of module names) -> ForkServer
_unavailable = False
_settings: tuple = ((), frozenset())  # what prestart was last asked for: libraries, CPUs


def start_worker(fds: tuple, options: dict, module_name: str, path: Path, limits: SandboxLimits) -> ForkedWorker | None:
    """Fork a worker with ``fds`` (requests, responses, capture) and the sandbox's ``options``,
    or None when there is no working fork server (then spawn one)."""
    global _unavailable
    server = _server_for(options["libraries"])
    if server is None:
        return None
    request = {"op": "fork", **options, "module": module_name, "path": str(path), "limits": json.loads(limits.as_json())}
    try:
        return ForkedWorker(int(server.ask(request, fds)["pid"]), server)
    except (ForkServerGone, TypeError, ValueError, KeyError):
        if not server.ready:
            _unavailable = True  # it never started: do not pay for trying again
        for kind in [kind for kind, running in _servers.items() if running is server]:
            del _servers[kind]
        server.close()
        return None


def _server_for(libraries: list) -> ForkServer | None:
    """The server to fork a worker needing ``libraries`` from: the one that imported the
    libraries prestart was asked for, if the worker needs more than NumPy; else the lean one,
    whose workers fork and end several times faster than those of a server holding torch."""
    lean = prestart()
    if lean is None or set(libraries) <= set(NUMPY):
        return lean
    return _servers.get(_settings[0], lean)


def prestart(libraries: tuple | None = None, cpus: frozenset | None = None) -> ForkServer | None:
    """This process's lean fork server (NumPy only), started now if it is not running, and,
    when ``libraries`` were asked for, a second one that imports them too (their imports then
    overlap with whatever the grading process does next); None where there can be none. Given
    ``cpus``, this process is pinned to one of them and the servers to the others
    (:func:`autograder.cpus.split_with`). A server started again after one failed has the
    libraries and CPUs last asked for."""
    global _unavailable, _settings
    if libraries is not None or cpus is not None:
        _settings = (tuple(libraries or ()), frozenset(cpus or ()))
    if _unavailable or not sys.platform.startswith("linux"):
        return None
    libraries, cpus = _settings
    for kind in dict.fromkeys([(), libraries]):
        if kind not in _servers:
            try:
                _servers[kind] = ForkServer(kind, cpus)
            except OSError:
                _unavailable = True
                return None
            atexit.register(_servers[kind].close)
    return _servers[()]


def shutdown() -> None:
    """End this process's fork servers now (they are also ended at exit); the next ones start
    with no libraries and CPUs asked for."""
    global _settings
    while _servers:
        _servers.popitem()[1].close()
    _settings = ((), frozenset())


def kill() -> None:
    """End this process's fork servers at once, whatever they are doing (an interrupted batch):
    their workers are left to this process, a child subreaper, to kill."""
    while _servers:
        server = _servers.popitem()[1]
        release_child(server.process.pid)
        server.process.kill()
        server.process.wait()
        server.socket.close()


def server_pid() -> int | None:
    """The pid of this process's lean fork server, if it runs."""
    return _servers[()].process.pid if () in _servers else None


# ----------------------------------------------------------------------------- the server's side


def serve(control: socket.socket, libraries: list) -> None:
    """The fork server's loop: answer requests until the grading process closes the socket."""
    from autograder import wire, worker  # noqa: F401 - a worker must find them loaded: it can no longer read them

    worker.preload_libraries([*worker.NUMPY, *libraries])
    import resource  # noqa: F401 - for worker.apply_limits

    del sys.path[0]  # the project, from which this was started: workers search the sandbox's lib/ instead
    enable_subreaper()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    workers: dict = {}  # pid -> exit code, None while it runs
    try:
        _send(control, {"ready": True})
        while _answer_one(control, workers):
            _reap(workers)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the grading process is gone (it ended, or was interrupted): so are we
    kill_orphans()


def _answer_one(control: socket.socket, workers: dict) -> bool:
    """Answer the next request, if one comes within a second; False once the socket is closed."""
    if not select.select([control], [], [], 1.0)[0]:
        return True
    request, fds = _receive(control)
    if request is None:
        return False
    if request.get("op") == "fork":
        _send(control, {"pid": _fork(control, fds, request, workers)})
    elif request.get("op") == "wait":
        _send(control, {"status": _wait(workers, request["pid"], float(request["seconds"]))})
    else:
        _send(control, {"error": "unknown request"})
    for fd in fds:
        os.close(fd)
    return True


def _receive(control: socket.socket) -> tuple:
    data, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, 3)
    while data and not data.endswith(b"\n"):
        more = control.recv(MAX_MESSAGE)
        if not more:
            break
        data += more
    return (json.loads(data) if data.endswith(b"\n") else None), fds


def _send(control: socket.socket, message: dict) -> None:
    control.sendall(json.dumps(message).encode() + b"\n")


def _fork(control: socket.socket, fds: list, request: dict, workers: dict) -> int:
    from autograder import worker

    worker.preload_libraries(request["libraries"])  # never read from the submission: a worker may have replaced it
    gc.freeze()  # the worker's collections then skip the server's objects: they neither scan nor copy their pages
    pid = os.fork()
    if pid == 0:
        _become_worker(control, fds, request)
    workers[pid] = None
    return pid


def _become_worker(control: socket.socket, fds: list, request: dict) -> None:
    """In the forked child: set up the sandbox, drop privileges, run the worker; never returns."""
    from autograder import worker

    exit_code, exit_now = 1, os._exit
    try:
        control.close()  # a worker must never be able to ask the fork server anything
        requests, responses, capture = fds
        os.setsid()
        os.chdir(request["cwd"])
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(capture, 1)
        os.dup2(capture, 2)
        low, high = sorted((requests, responses))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, 1 << 16)
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path.insert(0, request["lib"])
        _reseed()
        worker.apply_limits(request["limits"])
        if request["user"] is not None:
            uid, gid = request["user"]
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        os.umask(0o077)
        worker.serve(os.fdopen(requests, "rb"), os.fdopen(responses, "wb"), request["module"], request["path"],
                     request["limits"])
        exit_code = 0
    except BaseException:  # noqa: BLE001 - reported in the capture file; the grader sees the worker end
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
        finally:
            exit_now(exit_code)


def _reseed() -> None:
    """Fresh random states, as a spawned worker would have (a fork copies the server's; Python's
    ``random`` reseeds itself). ``seed()`` without a seed takes milliseconds, in NumPy and in
    torch (which also looks for accelerators); a seed from os.urandom takes microseconds."""
    numpy = sys.modules["numpy"]
    numpy.random.seed(numpy.frombuffer(os.urandom(32), dtype=numpy.uint32))
    if "torch" in sys.modules:
        sys.modules["torch"].default_generator.manual_seed(int.from_bytes(os.urandom(8), "little"))


def _reap(workers: dict) -> None:
    """Collect every ended child, keeping the exit codes of workers."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in workers:
            workers[pid] = os.waitstatus_to_exitcode(status)


def _wait(workers: dict, pid: int, seconds: float):
    """A worker's exit code once it has ended, and its leftovers killed; None if still running."""
    if workers.get(pid, 0) is None:
        _until_exit(pid, seconds)
    _reap(workers)
    if workers.get(pid) is None:
        return None
    kill_orphans(spare={p for p, code in workers.items() if code is None})
    return workers.pop(pid)


def _until_exit(pid: int, seconds: float) -> None:
    """Sleep until the child ``pid`` has ended or ``seconds`` have passed (woken at its exit
    through a pidfd where there is one, else polling)."""
    try:
        descriptor = os.pidfd_open(pid)
    except (AttributeError, OSError):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            time.sleep(0.005)
        return
    try:
        select.select([descriptor], [], [], seconds)
    finally:
        os.close(descriptor)


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2:])
    os._exit(0)  # its children are ended; tearing torch down would only delay the grading process
