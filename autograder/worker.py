"""The worker: the only process that imports and runs a student's file.

Forked by the fork server (:mod:`autograder.forkserver`, which has already imported the
libraries the file needs (:func:`libraries_for`) and applied the limits) and entered at
:func:`serve`, or, where there is no fork server, started by :mod:`autograder.runner` as ``python
-m autograder.worker REQ_FD RESP_FD MODULE FILE LIMITS``, which imports those libraries and
applies its resource limits (LIMITS, JSON) itself. Either way the limits hold before the
student's file is imported. It answers requests, one frame each (:func:`autograder.wire.frame`:
JSON, then the arrays' raw bytes), on private pipes (the student's prints go to a capture file,
never into the protocol): first a ready message saying whether the file imported, then one
response per call with the encoded return value, the names of the arguments the call modified,
or the error and the student's part of the traceback. Nothing here is trusted by the grader:
everything it sends is validated on the other side.
"""
from __future__ import annotations

import builtins
import copy
import ctypes
import gc
import importlib.util
import json
import os
import re
import sys
import time
import traceback

ALLOWED_THIRD_PARTY = frozenset({"numpy", "torch"})
#: What every worker has imported before a student's file: NumPy with its random module (which
#: NumPy imports lazily; a forked worker reseeds it, and most submissions use it).
NUMPY = ("numpy", "numpy.random")
#: What may be imported ahead of a student's file: torch's compiler stack is what torch.optim and
#: torch.func import on first use (about a second); batch fork servers import it once for all.
PRELOADABLE = (*NUMPY, "torch", "torch._dynamo")
#: A file that names these uses torch's compiler stack: imported ahead, it is imported once, not
#: by each of the file's workers.
USES_COMPILER_STACK = re.compile(rb"\btorch\.(?:func|optim)\b|\bfrom\s+torch\s+import\s[^\n]*\b(?:func|optim)\b")
#: The largest submitted file graded (a source file; anything larger is refused).
MAX_SOURCE_BYTES = 4 * 2**20
#: glibc's malloc settings in a worker, by mallopt's option numbers: see :func:`keep_freed_memory`.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MALLOC_SETTINGS = {M_MMAP_THRESHOLD: 32 * 2**20, M_TRIM_THRESHOLD: 256 * 2**20}


def main(argv: list[str]) -> None:
    requests = os.fdopen(int(argv[1]), "rb")
    responses = os.fdopen(int(argv[2]), "wb")
    module_name, path, limits = argv[3], argv[4], json.loads(argv[5])
    if sys.path and os.path.abspath(sys.path[0] or ".") == os.getcwd():
        del sys.path[0]  # the scratch folder holds the submission; nothing else imports from it
    preload_libraries(libraries_for(path))
    apply_limits(limits)
    serve(requests, responses, module_name, path, limits)


def serve(requests, responses, module_name: str, path: str, limits: dict) -> None:
    """Import the student's file and answer calls until the grader closes ``requests``.

    Entered once the limits are applied and the libraries imported; returns at the end."""
    keep_freed_memory()
    sys.stdout = sys.stderr = _CappedOutput(limits["printed_bytes"])
    memory_mb = limits["memory_mb"]
    module, load_error = _load_student_module(module_name, path, memory_mb)
    from autograder import wire

    _send(responses, wire.frame({"ready": True, "load_error": load_error}))
    while True:
        header = requests.read(wire.FRAME_HEADER.size)
        if len(header) < wire.FRAME_HEADER.size:
            return
        text_size, blob_size = wire.FRAME_HEADER.unpack(header)
        request, blob = wire.unframe(requests.read(text_size + blob_size), text_size)
        _send(responses, _run_call(module, path, request, blob, wire, memory_mb))


def libraries_for(path: str) -> tuple:
    """NumPy, and torch if the file names it. Only a matter of speed: a file that imports torch
    without naming it imports it itself, within its limits."""
    try:
        with open(path, "rb") as f:
            return libraries_in(f.read(MAX_SOURCE_BYTES))
    except OSError:
        return NUMPY


def libraries_in(source: bytes) -> tuple:
    """What :func:`libraries_for` says of a file with this text: NumPy, torch if it names it, and
    torch's compiler stack if it names torch.func or torch.optim."""
    if not re.search(rb"\btorch\b", source):
        return NUMPY
    return (*NUMPY, "torch", "torch._dynamo") if USES_COMPILER_STACK.search(source) else (*NUMPY, "torch")


def preload_libraries(names) -> None:
    """Import these (of PRELOADABLE), the cyclic garbage collector paused meanwhile (importing
    torch and its compiler stack makes some 280,000 tracked objects, none of them garbage: collections
    during the import took a third of its time); torch runs single-threaded, as several workers
    may run at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for name in names:
            if name in PRELOADABLE and name not in sys.modules:
                importlib.import_module(name)
    finally:
        if was_enabled:
            gc.enable()
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def apply_limits(limits: dict) -> None:
    """Resource limits for the rest of this process's life (those the platform supports)."""
    import resource

    mb = 1 << 20
    wanted = {"RLIMIT_AS": _virtual_memory() + limits["memory_mb"] * mb, "RLIMIT_NOFILE": limits["open_files"],
              "RLIMIT_FSIZE": limits["file_mb"] * mb, "RLIMIT_CPU": limits["cpu_seconds"]}
    if limits["processes"]:
        wanted["RLIMIT_NPROC"] = limits["processes"]
    for name, value in wanted.items():
        try:
            resource.setrlimit(getattr(resource, name), (value, value))
        except (AttributeError, ValueError, OSError):
            pass


def keep_freed_memory() -> None:
    """Have glibc's malloc keep what the student's code frees (arrays up to 32 MB from the heap,
    and up to 256 MB of freed heap kept), as a long-lived process's malloc ends up doing. A
    fresh process's malloc maps every array over 128 KB anew and hands freed memory back at
    once, so that code making temporaries in a loop pays page faults at every step (hw4's
    training ran half as slow again in a worker as in the grading process). A no-op where the C
    library is not glibc."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    for option, value in MALLOC_SETTINGS.items():
        mallopt(option, value)


def _virtual_memory() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _CappedOutput:
    """sys.stdout for student code: writes to the capture file until the cap, then drops."""

    def __init__(self, cap: int):
        self.remaining = cap
        self.stream = os.fdopen(os.dup(1), "w", encoding="utf-8", errors="replace", buffering=1)

    def write(self, text) -> int:
        text = str(text)
        if self.remaining > 0:
            self.stream.write(text[: self.remaining])
            self.remaining -= len(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False


def _load_student_module(module_name: str, path: str, memory_mb: int):
    builtins.__import__ = _guarded_import(builtins.__import__, path)
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as error:  # noqa: BLE001 - anything the student's import raises is reported
        return None, _describe_error(error, path, f"importing {os.path.basename(path)}", memory_mb)
    return module, None


def _guarded_import(original_import, student_path: str):
    """An __import__ that refuses, for the student's file only, modules the course does not allow."""
    allowed = ALLOWED_THIRD_PARTY | set(sys.stdlib_module_names)

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):
        importer = (globals or {}).get("__file__")
        top = name.partition(".")[0]
        if level == 0 and importer == student_path and top not in allowed:
            raise ImportError(f"module '{top}' is not allowed: submissions may import only the "
                              f"Python standard library, numpy and torch")
        return original_import(name, globals, locals, fromlist, level)

    return guarded


def _run_call(module, path: str, request: dict, blob, wire, memory_mb: int) -> bytes:
    """The framed answer to one call."""
    if module is None:
        return wire.frame({"ok": False, "error": "the file could not be imported"})
    function = getattr(module, request["function"], None)
    if not callable(function):
        return wire.frame({"ok": False, "error": f"{os.path.basename(path)} has no function {request['function']}()"})
    args = [wire.to_plain(wire.decode(a, blob=blob)) for a in request["args"]]
    before = copy.deepcopy(args)
    start = time.perf_counter()
    try:
        value = function(*args)
    except BaseException as error:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        return wire.frame({"ok": False, "error": _describe_error(error, path, request["function"], memory_mb),
                           "not_implemented": isinstance(error, NotImplementedError)})
    seconds = time.perf_counter() - start
    mutated = [name for name, old, new in zip(request["names"], before, args) if not _same(old, new)]
    blob = wire.Blob()
    answer = {"ok": True, "value": wire.encode(value, blob=blob), "mutated": mutated, "seconds": seconds}
    return wire.frame(answer, blob)


def _same(old, new) -> bool:
    import numpy as np

    if isinstance(old, (list, tuple)):
        return isinstance(new, (list, tuple)) and len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, np.ndarray):
        return isinstance(new, np.ndarray) and old.shape == new.shape and np.array_equal(old, new, equal_nan=True)
    return type(old) is type(new) and old == new


def _describe_error(error: BaseException, path: str, where: str, memory_mb: int) -> str:
    """The exception and the frames of the student's own file, most recent last."""
    try:
        return _error_words(error, path, where, memory_mb)
    except BaseException:  # noqa: BLE001 - a hostile exception whose __str__ raises
        return f"{where} raised {type(error).__name__}"


def _error_words(error: BaseException, path: str, where: str, memory_mb: int) -> str:
    if isinstance(error, SystemExit):
        return f"{where} called sys.exit({error.code!r}); a submission must not exit"
    if isinstance(error, MemoryError) or "can't allocate memory" in str(error):
        return f"{where}: memory limit exceeded (your code may use about {memory_mb} MB)"
    if isinstance(error, SyntaxError) and error.filename == path:
        location = f"line {error.lineno}: {(error.text or '').strip()}"
        return f"SyntaxError in {os.path.basename(path)}, {location}: {error.msg}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    lines = [f"  line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-5:]]
    message = "".join(traceback.format_exception_only(type(error), error)).strip()
    return "\n".join([f"{message[:2000]}", *lines])


def _send(stream, frame: bytes) -> None:
    stream.write(frame)
    stream.flush()


if __name__ == "__main__":
    main(sys.argv)
