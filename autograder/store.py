"""Graded cases with their expected values: computed live, or read from the public store.

Staff grading computes every expected value with trusted code (reference, autograd). The
public cases' inputs and expected values are also frozen into ``public_cases.json`` (written
by ``autograder freeze``), so that students can check their work with no reference solution;
tests keep that file equal to what the reference computes now.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from . import wire
from .assignment import Assignment, AssignmentError, GradedFunction
from .cases import Case

STORE_FORMAT = 1


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


def write_store(assignment: Assignment) -> None:
    import torch

    entries = {
        name: [{"case": g.case.name, "tags": sorted(g.case.tags),
                "args": [[k, wire.encode(_normalized(v))] for k, v in g.case.args.items()],
                "expected": {k: wire.encode(v) for k, v in g.expected.items()}} for g in graded]
        for name, graded in live_cases(assignment, public_only=True).items()
    }
    document = {"format": STORE_FORMAT, "assignment": assignment.name,
                "case_counts": {f.name: len(assignment.cases[f.name]) for f in assignment.functions},
                "computed_with": {"numpy": np.__version__, "torch": torch.__version__},
                "written": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "functions": entries}
    assignment.store_path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def stored_cases(assignment: Assignment) -> dict:
    """function name -> [GradedCase] for the public cases, read from the store."""
    path = assignment.store_path
    if not path.is_file():
        raise AssignmentError(f"{assignment.name}: no stored public cases at {path}; run `autograder freeze {assignment.name}`")
    document = json.loads(path.read_text())
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
    case = Case(entry["case"], args=args, public=True, tags=frozenset(entry.get("tags", ())))
    return GradedCase(case, {k: wire.to_plain(wire.decode(v)) for k, v in entry["expected"].items()})
