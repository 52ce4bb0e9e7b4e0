"""Graded cases with their expected values: computed live, or read from the frozen stores.

Every expected value comes from trusted code (reference, autograd). ``autograder freeze``
writes them into two stores, with the inputs:

* ``public_cases.json``: the public cases, shipped to students so that they can check their
  work with no reference solution;
* ``graded_cases.json``: every case, public and hidden, for staff grading only (never in a
  handout). It records a fingerprint of what the values were computed from (the assignment's
  files, its reference solution and trusted computations, the NumPy and torch versions):
  :func:`graded_cases` uses it only while that still matches, and computes live otherwise, so a stale store is never used.
  Grading from it keeps torch out of the grading process.

Tests keep both stores equal, value for value, to what the reference computes now.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from . import wire
from .assignment import Assignment, AssignmentError, GradedFunction
from .cases import Case
from .paths import reference_files
from .versions import installed_version

STORE_FORMAT = 1
FINGERPRINTED_FILES = ("assignment.yaml", "cases.py", "grader.py")


@dataclass(frozen=True)
class GradedCase:
    """A case with the expected value of each of its checks that has one, by check name."""

    case: Case
    expected: dict


def live_cases(assignment: Assignment, *, public_only: bool = False) -> dict:
    """function name -> [GradedCase], expected values computed now by trusted code."""
    graded = {}
    for function in assignment.functions:
        cases = [c for c in assignment.cases[function.name] if c.public or not public_only]
        graded[function.name] = [GradedCase(case, _expected_values(function, case)) for case in cases]
    return graded


def _expected_values(function: GradedFunction, case: Case) -> dict:
    results, values = {}, {}
    for check in function.spec.checks:
        if check.expected is None or not check.applies_to(case):
            continue
        if check.expected not in results:
            results[check.expected] = check.expected(*case.args.values())
        value = results[check.expected]
        if check.item is not None:
            value = value[function.spec.returns.index(check.item)]
        values[check.name] = _roundtrip(value)
    return values


def _roundtrip(value):
    """The value exactly as the store would give it back, so live and stored grading agree."""
    return wire.to_plain(wire.decode(wire.encode(_normalized(value))))


def _normalized(value):
    if isinstance(value, (list, tuple)):
        return type(value)(_normalized(v) for v in value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value.astype(np.float64)
    return value


# ----------------------------------------------------------------------------- the store


def write_store(assignment: Assignment) -> list:
    """Freeze the public store and the staff store; return the paths written."""
    import torch

    graded = live_cases(assignment)
    header = {"format": STORE_FORMAT, "assignment": assignment.name,
              "computed_with": {"numpy": np.__version__, "torch": torch.__version__},
              "written": datetime.now(timezone.utc).strftime("%Y-%m-%d")}
    public = {name: [g for g in cases if g.case.public] for name, cases in graded.items()}
    counts = {f.name: len(assignment.cases[f.name]) for f in assignment.functions}
    _write_json(assignment.store_path, {**header, "case_counts": counts, "functions": _entries(public)})
    _write_json(assignment.graded_store_path,
                {**header, "fingerprint": fingerprint(assignment), "functions": _entries(graded)})
    return [assignment.store_path, assignment.graded_store_path]


def _entries(graded: dict) -> dict:
    return {name: [{"case": g.case.name, "tags": sorted(g.case.tags), "public": g.case.public,
                    "args": [[k, wire.encode(_normalized(v))] for k, v in g.case.args.items()],
                    "expected": {k: wire.encode(v) for k, v in g.expected.items()}} for g in cases]
            for name, cases in graded.items()}


def _write_json(path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def stored_cases(assignment: Assignment) -> dict:
    """function name -> [GradedCase] for the public cases, read from the public store."""
    return _read_store(assignment, assignment.store_path)


def graded_cases(assignment: Assignment) -> dict:
    """function name -> [GradedCase] for every case: from the staff store while it is current,
    else computed live (with a note on standard error to run ``autograder freeze``)."""
    path = assignment.graded_store_path
    document = _current_store(assignment)
    if document is not None:
        return _cases_of(assignment, path, document)
    why = "is out of date (the assignment, its reference or the library versions changed)" if path.is_file() \
        else "is missing"
    print(f"note: {path} {why}; computing the expected values now "
          f"(run `autograder freeze {assignment.name}` to store them)", file=sys.stderr)
    return live_cases(assignment)


def store_is_current(assignment: Assignment) -> bool:
    """Whether the staff store exists and was frozen from the assignment's present sources."""
    return _current_store(assignment) is not None


def _current_store(assignment: Assignment) -> dict | None:
    """The staff store, parsed, if it exists and its fingerprint matches; else None."""
    path = assignment.graded_store_path
    if not path.is_file():
        return None
    document = json.loads(path.read_text())
    return document if document.get("fingerprint") == fingerprint(assignment) else None


def fingerprint(assignment: Assignment) -> str:
    """A hash of everything the expected values are computed from."""
    digest = hashlib.sha256()
    sources = [assignment.directory / name for name in FINGERPRINTED_FILES]
    for path in sources + reference_files(assignment.name):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"(missing)") + b"\0")
    for package in ("numpy", "torch"):
        digest.update(f"{package}=={installed_version(package)}\0".encode())
    return digest.hexdigest()


def _read_store(assignment: Assignment, path) -> dict:
    if not path.is_file():
        raise AssignmentError(f"{assignment.name}: no stored cases at {path}; run `autograder freeze {assignment.name}`")
    return _cases_of(assignment, path, json.loads(path.read_text()))


def _cases_of(assignment: Assignment, path, document: dict) -> dict:
    if document.get("format") != STORE_FORMAT:
        raise AssignmentError(f"{path}: unknown store format {document.get('format')!r}")
    functions = document["functions"]
    missing = [f.name for f in assignment.functions if f.name not in functions]
    if missing:
        raise AssignmentError(f"{path} has no cases for {missing}; run `autograder freeze {assignment.name}`")
    return {f.name: [_stored_case(entry) for entry in functions[f.name]] for f in assignment.functions}


def case_counts(assignment: Assignment) -> dict:
    """function name -> number of cases, public and hidden (hidden ones are only counted)."""
    return json.loads(assignment.store_path.read_text())["case_counts"]


def _stored_case(entry: dict) -> GradedCase:
    args = {k: wire.to_plain(wire.decode(v)) for k, v in entry["args"]}  # a list of pairs: order matters
    case = Case(entry["case"], args=args, public=entry.get("public", True), tags=frozenset(entry.get("tags", ())))
    return GradedCase(case, {k: wire.to_plain(wire.decode(v)) for k, v in entry["expected"].items()})
