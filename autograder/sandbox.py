"""Where and as whom a worker runs, with what limits, and how its leftovers are removed.

A :class:`Sandbox` is a scratch folder holding only what a worker needs: a copy of the three
engine modules it runs (``lib/``), a copy of the submission it may read but not change
(``src/``) and a folder of its own to work in (``work/``). When the grader runs as root
(Gradescope), the worker runs as an unprivileged user that owns ``work/`` and nothing else, and
the project's own folders are made unreadable to it, so it can read neither the reference
solutions, nor the hidden cases, nor results. Each grading process on the machine (each
concurrent job of a batch) has a user of its own (:func:`claimed_user`), whose processes and
files in the shared folders (``/tmp``, ``/dev/shm``, ``/var/tmp``) are removed after each
submission (and before a process's first); ``work/`` and ``src/`` are closed to other users.
The submitted file is read once, as a regular file (:func:`read_submission`). Otherwise
(students' machines, staff laptops) the worker runs as the current user with the same limits.

A worker is forked by the fork server (:mod:`autograder.forkserver`, with :meth:`Sandbox.fork_options`)
or, failing that, spawned (with :meth:`Sandbox.popen_options`); either way it starts in ``work/``,
in a session of its own, with the same environment. Limits (memory, open files, processes, file
size, CPU) are applied after NumPy and torch are imported and before the student's file is, and
before the privileges are dropped. Processes a worker leaves behind are found through the
child-subreaper flag (Linux) and killed, except the fork server itself (:func:`keep_child`).
"""
from __future__ import annotations

import ctypes
import fcntl
import itertools
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import procfs, worker
from .paths import PROJECT_ROOT, assignments_dir, reference_dir

SANDBOX_USER = "autograder-sandbox"
#: How each sandbox's folder is named, in the temporary folder.
SANDBOX_PREFIX = "autograder-"
WORKER_MODULES = ("__init__.py", "worker.py", "wire.py")
PR_SET_CHILD_SUBREAPER = 36
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
WORKER_ENV = {**SINGLE_THREADED, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
#: Where grading processes claim their sandbox users (root's only).
LOCK_FOLDER = Path("/run/autograder")
#: Where any user may write: a sandbox user's files there are removed after each submission.
SHARED_FOLDERS = ("/tmp", "/dev/shm", "/var/tmp", "/dev/mqueue")
_KEPT_CHILDREN: set = set()  # trusted long-lived children (the fork server): never orphans
_job_index = 0  # which job of a batch this process grades (see use_job_index)


@dataclass(frozen=True, kw_only=True)
class SandboxLimits:
    memory_mb: int = 3072
    open_files: int = 256
    processes: int = 512
    file_mb: int = 64
    cpu_seconds: int = 900
    printed_bytes: int = 1 << 20

    def as_json(self) -> str:
        return json.dumps(asdict(self))


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class SubmissionRefused(Exception):
    """The submitted file is not a regular file of a readable size (a link, a device, a FIFO)."""


class Sandbox:
    """A scratch area for one submission's workers, removed by :meth:`cleanup`."""

    def __init__(self, submission: Path, module_name: str):
        source = read_submission(submission)
        self.user = claimed_user(_job_index) if running_as_root() else None
        if self.user is not None:
            protect_project()
            make_interpreter_reachable()
            _end_leftovers_of_earlier_processes(self.user)
        self.root = Path(tempfile.mkdtemp(prefix=SANDBOX_PREFIX))
        self.lib = self.root / "lib"
        self.work = self.root / "work"
        self._copy_worker_modules()
        self.work.mkdir(mode=0o700)
        self.submission = self._copy_submission(source, module_name)
        self.libraries = worker.libraries_in(source)
        self.captures = [_private_file(self.root / "printed.txt")]
        self.children_before = set(_child_pids())
        if self.user is not None:
            os.chmod(self.root, 0o711)
            os.chown(self.work, self.user.pw_uid, self.user.pw_gid)
        enable_subreaper()

    def _copy_submission(self, source: bytes, module_name: str) -> Path:
        """The submission in ``src/``, which the worker may read but not change (so no worker can
        replace what the next one imports) and no other job's user may read."""
        folder = self.root / "src"
        folder.mkdir()
        path = folder / f"{module_name}.py"
        path.write_bytes(source)
        os.chmod(folder, 0o750)  # whatever the umask (a batch's is 077)
        os.chmod(path, 0o640)
        if self.user is not None:
            for item in (folder, path):
                os.chown(item, 0, self.user.pw_gid)
        return path

    @property
    def capture(self) -> Path:
        """The file the current worker's output goes to (private to the grader)."""
        return self.captures[-1]

    def new_capture(self) -> Path:
        """Send the output of the workers started from now on to a file of its own."""
        self.captures.append(_private_file(self.root / f"printed-{len(self.captures)}.txt"))
        return self.capture

    def _copy_worker_modules(self) -> None:
        package = self.lib / "autograder"
        package.mkdir(parents=True)
        for name in WORKER_MODULES:
            shutil.copyfile(Path(__file__).with_name(name), package / name)
        for path in (self.lib, package, *package.iterdir()):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)

    def environment(self) -> dict:
        """A worker's environment: ours without the grader's settings, single-threaded, at home in work/."""
        return worker_environment(HOME=str(self.work), TMPDIR=str(self.work), PYTHONPATH=str(self.lib))

    def popen_options(self) -> dict:
        """Keyword arguments for subprocess.Popen that start a worker in this sandbox."""
        options = {"cwd": self.work, "env": self.environment(), "start_new_session": True}
        if self.user is not None:
            options.update(user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[], umask=0o077)
        return options

    def fork_options(self) -> dict:
        """The same for a worker forked by the fork server (plain data: it crosses a socket)."""
        user = None if self.user is None else [self.user.pw_uid, self.user.pw_gid]
        return {"cwd": str(self.work), "env": self.environment(), "lib": str(self.lib), "user": user,
                "libraries": list(self.libraries)}

    def worker_limits(self, limits: SandboxLimits) -> SandboxLimits:
        """The process limit counts every process of a user: only set it for our own user."""
        return limits if self.user is not None else replace(limits, processes=0)

    def cleanup(self) -> None:
        kill_orphans(spare=self.children_before)
        if self.user is not None:
            end_user_leftovers(self.user)
        shutil.rmtree(self.root, ignore_errors=True)


def _private_file(path: Path) -> Path:
    """An empty file only its owner (the grader) can read: a worker writes its output there
    through a descriptor it is given, and no other job's worker can read it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def read_submission(path: Path) -> bytes:
    """The submitted file's bytes, read without following a link, from a regular file only
    (never a device or a FIFO, which could block or never end), at most MAX_SOURCE_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        kind = "a symbolic link" if os.path.islink(path) else f"unreadable ({error.strerror})"
        raise SubmissionRefused(f"{Path(path).name} is {kind}: only regular files are graded") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise SubmissionRefused(f"{Path(path).name} is not a regular file (a device, a FIFO or a folder): "
                                    f"only regular files are graded")
        source = f.read(worker.MAX_SOURCE_BYTES + 1)
    if len(source) > worker.MAX_SOURCE_BYTES:
        raise SubmissionRefused(f"{Path(path).name} is larger than {worker.MAX_SOURCE_BYTES >> 20} MB")
    return source


def worker_environment(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AUTOGRADER")}
    return {**env, **WORKER_ENV, **extra}


def use_job_index(index: int) -> None:
    """Prefer the sandbox user of job ``index`` for this process's workers (each concurrent
    grading process of a batch has its own: :func:`claimed_user`)."""
    global _job_index
    _job_index = index


@lru_cache(maxsize=None)
def claimed_user(preferred: int):
    """This process's sandbox user: the first of ``autograder-sandbox-PREFERRED``, ``-PREFERRED+1``,
    ... that no other grading process on this machine has claimed (an exclusive lock in
    LOCK_FOLDER, held while this process lives), so that no two grading processes ever share a
    user, whatever started them."""
    try:
        LOCK_FOLDER.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return sandbox_user(preferred)
    for index in itertools.count(preferred):
        lock = os.open(LOCK_FOLDER / f"sandbox-{index}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            continue
        return sandbox_user(index)  # the lock stays open, and held, until this process ends


def sandbox_user(index: int = 0):
    """The unprivileged account of job ``index`` (``autograder-sandbox-INDEX``, created if missing).

    Where it cannot be created, ``nobody``, with a warning: then concurrent jobs share a user,
    and leftovers of that user are not ended (other software may run as nobody)."""
    name = f"{SANDBOX_USER}-{index}"
    for attempt in range(2):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            if attempt == 0 and shutil.which("useradd"):
                subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                                "--shell", "/usr/sbin/nologin", "--user-group", name], capture_output=True)
    print(f"autograder: warning: could not create the user {name}; workers run as nobody", file=sys.stderr)
    return pwd.getpwnam("nobody")


def end_user_leftovers(user) -> None:
    """Kill every process of our sandbox ``user`` and remove what it owns where any user may
    write (SHARED_FOLDERS, System V IPC), so that nothing of one submission reaches the next.
    Not for nobody."""
    if not _ours(user):
        return
    _kill_every_process_of(user.pw_uid)
    for folder in SHARED_FOLDERS:
        _remove_owned(Path(folder), user.pw_uid, depth=3)
    _remove_ipc_objects(user.pw_uid)


@lru_cache(maxsize=None)
def _end_leftovers_of_earlier_processes(user) -> None:
    """Once per process, before its first worker: what a grading process that held this user
    before us and died (or was interrupted) could not remove (later, each submission removes
    its own): its processes, its files, and its sandboxes."""
    end_user_leftovers(user)
    if _ours(user):
        _remove_sandboxes_of(user)


def _ours(user) -> bool:
    """Whether ``user`` is one of our sandbox users (not nobody, which other software and, where
    ours cannot be created, concurrent jobs may share): only theirs are swept."""
    return user.pw_name.startswith(SANDBOX_USER)


def _remove_sandboxes_of(user) -> None:
    """Remove the sandboxes made for ``user`` (ours, with a ``work/`` of the user's) where
    sandboxes are made: their ``src/`` holds a copy of a submission that any later worker of
    the user could read. This process holds the user, so none of them is in use."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SANDBOX_PREFIX}*"):
        try:
            mine, work = folder.lstat(), (folder / "work").lstat()
        except OSError:
            continue
        if stat.S_ISDIR(mine.st_mode) and mine.st_uid == os.geteuid() and work.st_uid == user.pw_uid:
            shutil.rmtree(folder, ignore_errors=True)


def _kill_every_process_of(uid: int) -> None:
    """kill(-1, SIGKILL) as ``uid``, from a child of ours: the kernel ends every process of that
    user in one sweep (a process with SIGKILL pending can no longer fork)."""
    with interrupts_held():
        pid = os.fork()
    if pid == 0:
        try:
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@contextmanager
def signal_handlers(handlers: dict):
    """The block runs with ``handlers`` (signal number -> handler) in place of the ones before,
    where Python lets them be set: in the main thread (elsewhere, the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def interrupts_held():
    """SIGINT and SIGTERM wait until the block is done. Around a fork: a handler that raises
    (an interrupted batch, Ctrl-C) must not run inside Python's fork callbacks, where its
    exception would be printed as ignored and lost."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove_owned(folder: Path, uid: int, depth: int) -> None:
    """Remove the entries of ``folder`` that ``uid`` owns; look inside the others it could
    write to (world-writable folders), ``depth`` levels down. Links are never followed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if info.st_uid == uid:
            _remove(Path(entry.path), info)
        elif depth and stat.S_ISDIR(info.st_mode) and info.st_mode & 0o002:
            _remove_owned(Path(entry.path), uid, depth - 1)


def _remove_ipc_objects(uid: int) -> None:
    """Remove the System V shared memory segments, message queues and semaphores ``uid`` owns
    (they outlive their processes, like files)."""
    for kind, option in (("shm", "-m"), ("msg", "-q"), ("sem", "-s")):
        try:
            header, *rows = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        columns = header.split()
        for row in map(str.split, rows):
            if len(row) == len(columns) and row[columns.index("uid")] == str(uid):
                subprocess.run(["ipcrm", option, row[1]], capture_output=True)


def _remove(path: Path, info: os.stat_result) -> None:
    try:
        if stat.S_ISDIR(info.st_mode):
            shutil.rmtree(path, ignore_errors=True)  # never follows a link, even one made meanwhile
        else:
            path.unlink()
    except OSError:
        pass


@lru_cache(maxsize=None)
def make_interpreter_reachable() -> None:
    """Let other users traverse (not list) the folders above the interpreter and its libraries.

    Needed where Python lives under a private home such as /root/.pyenv; a no-op on Gradescope,
    whose Python is under /usr. Once per process: the folders do not change between submissions.
    """
    folders = {Path(os.path.realpath(sys.executable)).parent, *(Path(p) for p in sys.path if p and Path(p).is_dir())}
    for folder in folders:
        for ancestor in (folder, *folder.parents):
            mode = ancestor.stat().st_mode
            if not mode & 0o001 and PROJECT_ROOT not in (ancestor, *ancestor.parents):
                os.chmod(ancestor, mode | 0o001)


def protect_project() -> None:
    """Make the project (reference, cases, expected outputs) unreadable to other users."""
    for path in {PROJECT_ROOT, reference_dir(), assignments_dir()}:
        if path.exists():
            os.chmod(path, 0o700)


def enable_subreaper() -> None:
    """Adopt the orphans of our workers (Linux), so that a daemon cannot outlive grading."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def keep_child(pid: int) -> None:
    """Mark a trusted child of ours (the fork server) that :func:`kill_orphans` must never end."""
    _KEPT_CHILDREN.add(pid)


def release_child(pid: int) -> None:
    _KEPT_CHILDREN.discard(pid)


def kill_orphans(spare: set = frozenset(), rounds: int = 20) -> None:
    """Kill every child process of ours but ``spare`` and the kept ones (so: adopted orphans of workers) and reap them."""
    for _ in range(rounds):
        children = [pid for pid in _child_pids() if pid not in spare and pid not in _KEPT_CHILDREN]
        if not children:
            return
        for pid in children:
            _kill_process_and_group(pid)
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        time.sleep(0.01)


def _kill_process_and_group(pid: int) -> None:
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():
            os.killpg(group, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _child_pids() -> list:
    """The pids of our children."""
    me = os.getpid()
    return [int(name) for name in os.listdir("/proc") if name.isdigit() and procfs.parent_pid(name) == me]


def worker_command(requests_fd: int, responses_fd: int, module_name: str, limits: SandboxLimits, path: Path) -> list:
    return [sys.executable, "-m", "autograder.worker", str(requests_fd), str(responses_fd), module_name,
            str(path), limits.as_json()]
