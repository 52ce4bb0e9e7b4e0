"""Where the project's folders are: next to the package, or where the environment says."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import AssignmentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def assignments_dir() -> Path:
    """$AUTOGRADER_ASSIGNMENTS, else the project's assignments/, else ./assignments.

    The last is a student's handout folder: there the package is pip-installed without the
    project around it, and ``autograder check`` is run from the folder that holds
    ``assignments/<hw>/`` (see :mod:`autograder.packaging`).
    """
    if os.environ.get("AUTOGRADER_ASSIGNMENTS"):
        return Path(os.environ["AUTOGRADER_ASSIGNMENTS"])
    project, here = PROJECT_ROOT / "assignments", Path.cwd() / "assignments"
    return here if not project.is_dir() and here.is_dir() else project


def assignment_yaml(name: str) -> Path:
    """The ``assignment.yaml`` of assignment ``name``, or AssignmentError saying where it was
    looked for and how to point elsewhere (a stat, nothing parsed: commands check it first)."""
    path = assignments_dir() / name / "assignment.yaml"
    if not path.is_file():
        raise AssignmentError(_not_found(name, path))
    return path


def assignment_config(name: str) -> dict:
    """The parsed ``assignment.yaml`` of assignment ``name`` (libyaml's loader where there is one)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(assignment_yaml(name).read_text(), Loader=loader) or {}


def _not_found(name: str, path: Path) -> str:
    known = sorted(p.parent.name for p in path.parent.parent.glob("*/assignment.yaml"))
    return (f"no assignment {name!r}: there is no {path}"
            + (f" (known here: {', '.join(known)})" if known else "")
            + f". Run the command from the handout folder, the one that holds assignments/{name}/, or set "
              f"AUTOGRADER_ASSIGNMENTS to the folder that holds the assignments.")


def reference_dir() -> Path:
    return Path(os.environ.get("AUTOGRADER_REFERENCE", PROJECT_ROOT / "reference"))


def reference_files(assignment: str) -> list:
    """The staff-only files of an assignment under reference/: its reference solution, then its
    trusted computations (``<hw>_trusted.py``: autograd and other complete solutions the graders
    compare with), which an assignment may not have."""
    return [reference_dir() / f"{assignment}.py", reference_dir() / f"{assignment}_trusted.py"]


def schema_path() -> Path:
    return Path(__file__).resolve().parent / "schema" / "gradescope-results.schema.json"
