"""The two zips staff hand out: the Gradescope autograder and the students' handout.

* ``build_autograder(hw, out)`` -> ``out/<hw>-autograder.zip``, to upload to Gradescope:
  ``setup.sh`` and ``run_autograder`` at the root (executable), the engine, ``assignments/<hw>/``,
  ``reference/<hw>.py``, ``pyproject.toml``, ``README.md`` (the package metadata names it) and
  ``PACKAGED_ASSIGNMENT``, so that ``run_autograder`` grades that assignment with no argument.
* ``build_handout(hw, out)`` -> ``out/<hw>-handout.zip``, for students, in a folder
  ``<hw>-handout/``: the starter file, ``assignments/<hw>/`` with only ``assignment.yaml``,
  ``grader.py`` and ``public_cases.json`` (never ``cases.py``, which builds the hidden cases,
  ``graded_cases.json``, which stores them, nor the reference solution), the engine and ``pyproject.toml`` (the same pins), and a
  ``README.md`` with install instructions. Installed with ``pip install .``, ``autograder check
  <hw>`` run from that folder finds ``./assignments`` (see :func:`autograder.paths.assignments_dir`).

Both refuse to build from stored expected values that are out of date (see :mod:`autograder.store`).
Zips are reproducible: sorted entries, a fixed timestamp, no ``__pycache__``.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .assignment import Assignment, AssignmentError, load_assignment
from .paths import PROJECT_ROOT, reference_dir
from .store import store_is_current
from .versions import GRADESCOPE_VERSIONS

ENGINE = "autograder"
PACKAGED_ASSIGNMENT = "PACKAGED_ASSIGNMENT"
HANDOUT_ASSIGNMENT_FILES = ("assignment.yaml", "grader.py", "public_cases.json")
SKIPPED_NAMES = {"__pycache__", ".DS_Store", ".pytest_cache"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EXECUTABLE, REGULAR = 0o755, 0o644


def build_autograder(assignment_name: str, out_dir: Path) -> Path:
    """Write ``out_dir/<hw>-autograder.zip`` for Gradescope and return its path."""
    assignment = load_assignment(assignment_name)
    assignment.cases  # noqa: B018 - builds and validates every case now, not on Gradescope
    _require_current_store(assignment)
    reference = _required(reference_dir() / f"{assignment.name}.py", "reference solution")
    entries = {
        "setup.sh": _required(PROJECT_ROOT / "setup.sh", "setup script"),
        "run_autograder": _required(PROJECT_ROOT / "run_autograder", "Gradescope entry point"),
        "pyproject.toml": _required(PROJECT_ROOT / "pyproject.toml", "package metadata"),
        "README.md": _required(PROJECT_ROOT / "README.md", "README (named by pyproject.toml)"),
        PACKAGED_ASSIGNMENT: f"{assignment.name}\n".encode(),
        f"reference/{reference.name}": reference,
        **_tree(PROJECT_ROOT / ENGINE, ENGINE),
        **_tree(assignment.directory, f"assignments/{assignment.name}"),
    }
    return write_zip(Path(out_dir) / f"{assignment.name}-autograder.zip", entries,
                     executables={"setup.sh", "run_autograder"})


def build_handout(assignment_name: str, out_dir: Path) -> Path:
    """Write ``out_dir/<hw>-handout.zip`` for students and return its path."""
    assignment = load_assignment(assignment_name)
    _require_current_store(assignment)
    top = f"{assignment.name}-handout"
    files = {name: _required(assignment.directory / name, "file") for name in HANDOUT_ASSIGNMENT_FILES}
    entries = {
        f"{top}/{assignment.file}": _required(assignment.directory / assignment.file, "starter file"),
        **{f"{top}/assignments/{assignment.name}/{name}": path for name, path in files.items()},
        **_tree(PROJECT_ROOT / ENGINE, f"{top}/{ENGINE}"),
        f"{top}/pyproject.toml": _required(PROJECT_ROOT / "pyproject.toml", "package metadata"),
        f"{top}/README.md": handout_readme(assignment).encode(),
    }
    return write_zip(Path(out_dir) / f"{top}.zip", entries)


#: Where students can run ``autograder check`` (the sandbox needs POSIX; the project README says the same).
SUPPORTED_SYSTEMS = "Local checks run on Linux and macOS; on Windows, run them inside WSL (the Windows Subsystem for Linux)."


def handout_readme(assignment: Assignment) -> str:
    torch = GRADESCOPE_VERSIONS["torch"]
    return f"""# {assignment.title}

Write your solutions in `{assignment.file}` and submit that file (only that file) to Gradescope.
This folder also holds the public cases (`assignments/{assignment.name}/`) and the checker
(`autograder/`, `pyproject.toml`), with the library versions Gradescope grades with.

## Install (once, Python 3.10 or newer)

{SUPPORTED_SYSTEMS}

```bash
python3 -m venv .venv
source .venv/bin/activate
pip install torch=={torch} --index-url https://download.pytorch.org/whl/cpu   # CPU-only PyTorch
pip install .
```

(The first `pip install` avoids the multi-GB CUDA build of PyTorch on Linux; on macOS the plain
`pip install .` is enough.)

## Check your work

From this folder, with the environment active:

```bash
autograder check {assignment.name}                      # checks ./{assignment.file}
autograder check {assignment.name} path/to/{assignment.file}
```

It prints PASS or FAIL per function on the public cases, and for a failure what was expected
against what came back. It exits with 0 when every public case passes. The public cases cover
part of the points only: the rest rides on hidden cases, graded on Gradescope and shown after
the due date. Run it from this folder (it reads `./assignments/`), or set
`AUTOGRADER_ASSIGNMENTS` to this folder's `assignments` directory.
"""


def write_zip(path: Path, entries: dict, executables: frozenset | set = frozenset()) -> Path:
    """Write ``entries`` (name in the zip -> a file's Path or bytes) reproducibly; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            source = entries[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((EXECUTABLE if name in executables else REGULAR) | 0o100000) << 16
            archive.writestr(info, source.read_bytes() if isinstance(source, Path) else source)
    return path


def _tree(folder: Path, prefix: str) -> dict:
    """Every file below ``folder`` as ``prefix/relative path``, without caches."""
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".pyc" and not SKIPPED_NAMES & set(p.relative_to(folder).parts)}


def _require_current_store(assignment: Assignment) -> None:
    if not store_is_current(assignment):
        raise AssignmentError(f"cannot package: the stored expected values of {assignment.name} are missing or out "
                              f"of date; run `autograder freeze {assignment.name}` first")


def _required(path: Path, what: str) -> Path:
    if not path.is_file():
        raise AssignmentError(f"cannot package: no {what} at {path}")
    return path
