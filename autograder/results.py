"""Gradescope results: built from a grading report, validated against the schema, written.

The format is Gradescope's (``schema/gradescope-results.schema.json``): one test per case named
``function: case``, with its share of the function's points, visibility (public cases
``visible``, hidden ones ``after_due_date``) and message; the total score; an overall message;
``execution_time`` as a number. Written atomically, by the trusted process only.
"""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .grading import GradingReport
from .paths import schema_path
from .report import format_points

CONTACT_STAFF = ("The autograder itself failed while grading your submission. This is not your fault: "
                 "please contact course staff. Your score here is provisional.")
MAX_OUTPUT_CHARS = 8000


def results_document(report: GradingReport) -> dict:
    tests = []
    for number, function in enumerate(report.functions, start=1):
        for sub, (case, share) in enumerate(zip(function.cases, function.shares), start=1):
            tests.append({
                "name": case.name, "number": f"{number}.{sub}",
                "score": share if case.passed else 0.0, "max_score": share,
                "status": "passed" if case.passed else "failed",
                "visibility": "visible" if case.public else "after_due_date",
                "output": case.message[:MAX_OUTPUT_CHARS] if case.message else "Passed.",
            })
    return {"score": report.score, "execution_time": round(report.seconds, 2),
            "output": overall_message(report), "visibility": "visible", "stdout_visibility": "hidden",
            "tests": tests}


def overall_message(report: GradingReport) -> str:
    lines = [f"{report.assignment.title}: {format_points(report.score)} / {format_points(report.max_score)} points."]
    lines += list(report.notes)
    if report.load_error:
        lines.append(f"Your file could not be imported, so every case failed:\n{report.load_error}")
    hidden = sum(not c.public for c in report.cases)
    if hidden:
        lines.append(f"{hidden} of {len(report.cases)} cases are hidden until after the due date.")
    if report.printed:
        lines.append("Your code printed (truncated):\n" + report.printed[:2000])
    return "\n\n".join(lines)[:MAX_OUTPUT_CHARS]


def failure_document() -> dict:
    """Results when the grader itself failed: score 0, a message to contact staff.

    The traceback goes to the grader's standard output, which Gradescope shows to staff only.
    """
    return {"score": 0.0, "output": CONTACT_STAFF,
            "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def validate(document: dict) -> None:
    """Raise jsonschema.ValidationError if ``document`` is not valid Gradescope results."""
    _validator().validate(document)


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(schema_path().read_text())
    return jsonschema.Draft202012Validator(schema)


def write_results(document: dict, path: Path) -> None:
    """Validate, then write atomically (a reader never sees half a file)."""
    validate(document)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-")
    with os.fdopen(fd, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.replace(temporary, path)

