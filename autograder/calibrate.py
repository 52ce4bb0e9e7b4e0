"""Tolerance calibration: how much of each check's tolerance each submission uses.

For every check, the largest ratio error/allowed over its cases, per submission: correct
variants should sit far below 1 and buggy ones far above it. The gap is the margin.
"""
from __future__ import annotations

import math
import tempfile
from pathlib import Path

from .assignment import Assignment
from .grading import grade
from .store import live_cases


def submission_files(paths: list, base: Path | None, scratch: Path) -> dict:
    """label -> file to grade; with ``base``, each path is a patch appended to the base file."""
    files = {}
    for path in map(Path, paths):
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if base is None:
                files[file.stem] = file
            else:
                patched = scratch / f"{file.stem}.py"
                patched.write_text(base.read_text() + "\n\n" + file.read_text())
                files[file.stem] = patched
    return files


def calibrate(assignment: Assignment, paths: list, base: Path | None = None) -> str:
    cases = live_cases(assignment)
    with tempfile.TemporaryDirectory() as scratch:
        files = submission_files(paths, base, Path(scratch))
        ratios = {label: check_ratios(grade(assignment, file, cases)) for label, file in files.items()}
    return format_table(assignment, ratios)


#: The row of a function's failures that no check measured: a call that raised, timed out or
#: crashed (in the case's own call or in one a check made).
CALL = "(call)"


def check_ratios(report) -> dict:
    """(function, check) -> largest error/allowed over the cases; (function, CALL) -> inf when a
    case failed with no measurement above 1 (its call raised, timed out or crashed)."""
    worst: dict = {}
    for case in report.cases:
        for check, measurement in case.measurements:
            key = (case.function, check)
            worst[key] = max(worst.get(key, 0.0), measurement.ratio)
        if not case.passed and not any(m.ratio > 1 for _, m in case.measurements):
            worst[(case.function, CALL)] = math.inf
    return worst


def format_table(assignment: Assignment, ratios: dict) -> str:
    labels = list(ratios)
    failed_calls = {f for r in ratios.values() for f, check in r if check == CALL}
    keys = [(f, c) for f in assignment.functions
            for c in [c.name for c in f.spec.checks] + ([CALL] if f.name in failed_calls else [])]
    width = max([len(f"{f.name}: {c}") for f, c in keys] + [10])
    lines = ["error / allowed, worst case per check (pass iff <= 1)", "",
             " " * width + "  " + "  ".join(f"{label[:12]:>12}" for label in labels) + "  tolerance"]
    for function, check in keys:
        row = [ratios[label].get((function.name, check)) for label in labels]
        tolerance = function.tolerance(check)
        described = "raised, timed out or crashed" if check == CALL else \
            tolerance.describe() if tolerance else "(exact / property)"
        lines.append(f"{function.name + ': ' + check:<{width}}  " + "  ".join(_cell(r) for r in row) + f"  {described}")
    return "\n".join(lines)


def _cell(ratio) -> str:
    if ratio is None:
        return f"{'-':>12}"
    return f"{ratio:>12.2e}" if ratio <= 1 else f"{'FAIL ' + format(ratio, '.1e'):>12}"
