"""Gradescope results: built from a grading report, validated against the schema, written.

The format is Gradescope's (``schema/gradescope-results.schema.json``): one test per case named
``function: case``, with its share of the function's points, visibility (public cases
``visible``, hidden ones ``after_due_date``) and message; the total score; an overall message;
``execution_time`` as a number. Written atomically, by the trusted process only.

Outputs are Markdown (``"output_format": "md"``, for the tests and the top-level output). A
failed case's output is its message as an indented code block (monospace, rendered literally,
whatever the student's code printed or raised), so its first line, stripped, is still the
message's first line (what the batch CSV quotes); :func:`plain_message` gives the plain message
back. Each test also records its failures as data (``extra_data.failures``: the check and the
first line of its message), from which the batch summary and the class report count failures
of each check: never from the message text, which a submission can shape. What the code printed
while the hidden cases ran goes with the first hidden case only.

A results file survives a full disk: :func:`reserve_results` writes a valid failure document
padded to RESERVED_BYTES before any student code runs, and :func:`write_results` overwrites it
in place when there is no room for a new file.
"""
from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from .grading import GradingReport
from .paths import schema_path
from .report import format_points

CONTACT_STAFF = ("The autograder itself failed while grading your submission. This is not your fault: "
                 "please contact course staff. Your score here is provisional.")
MAX_OUTPUT_CHARS = 8000
#: Space set aside for results.json before student code runs: more than any results document
#: (one test per case, each output at most MAX_OUTPUT_CHARS) needs.
RESERVED_BYTES = 2 * 2**20


def results_document(report: GradingReport) -> dict:
    tests = []
    for number, function in enumerate(report.functions, start=1):
        for sub, (case, share) in enumerate(zip(function.cases, function.shares), start=1):
            tests.append({
                "name": case.name, "number": f"{number}.{sub}",
                "score": share if case.passed else 0.0, "max_score": share,
                "status": "passed" if case.passed else "failed",
                "visibility": "visible" if case.public else "after_due_date",
                "output": case_markdown(case, report.assignment.name), "output_format": "md",
                "extra_data": {"failures": [{"check": f.check, "first_line": _first_line(f.message)}
                                            for f in case.failures]},
            })
    _show_printed_with_hidden(tests, report.printed_hidden)
    return {"score": report.score, "execution_time": round(report.seconds, 2),
            "output": overall_message(report), "output_format": "md",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def _show_printed_with_hidden(tests: list, printed: str) -> None:
    """What the code printed while the hidden cases ran goes with the first hidden case only
    (shown after the due date), never in the output students see at once."""
    hidden = [test for test in tests if test["visibility"] != "visible"]
    if printed and hidden:
        hidden[0]["output"] += "\n\nYour code printed while the hidden cases ran (truncated):\n\n" + _md_fenced(printed[:2000])


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def case_markdown(case, assignment_name: str = "") -> str:
    """A case's feedback in Markdown: "Passed.", or its message as an indented code block."""
    if case.passed:
        return "Passed."
    message = case.message[:MAX_OUTPUT_CHARS] if case.message else "Failed."
    parts = [_md_indented(message)]
    if case.public and any(not record.passed for _, record in case.curves):
        parts.append(f"To see your curve against the allowed band, run "
                     f"`autograder check {assignment_name or '<hw>'} --plots plots/` on your machine.")
    return "\n\n".join(parts)


def plain_message(test: dict) -> str:
    """The plain-text message of a results test, whichever format its output is in."""
    output = test.get("output", "")
    if test.get("output_format") != "md" or not output.startswith("    "):
        return output
    block = []
    for line in output.splitlines():
        if line.startswith("    ") or not line.strip():
            block.append(line[4:])
        else:
            break
    return "\n".join(block).rstrip("\n")


def overall_message(report: GradingReport) -> str:
    """The top-level output, in Markdown."""
    lines = [f"**{_md_escape(report.assignment.title)}: {format_points(report.score)} / "
             f"{format_points(report.max_score)} points.**"]
    lines += [_md_escape(note) for note in report.notes]
    if report.load_error:
        lines.append("Your file could not be imported, so every case failed:\n\n" + _md_fenced(report.load_error[:4000]))
    hidden = sum(not c.public for c in report.cases)
    if hidden:
        lines.append(f"{hidden} of {len(report.cases)} cases are hidden until after the due date.")
    if report.printed:
        lines.append("Your code printed (truncated):\n\n" + _md_fenced(report.printed[:2000]))
    return "\n\n".join(lines)[:MAX_OUTPUT_CHARS]


def _md_indented(text: str) -> str:
    """An indented code block: rendered literally, first line unchanged once stripped."""
    return "\n".join("    " + line for line in text.splitlines())


def _md_fenced(text: str) -> str:
    """A fenced code block, its fence longer than any run of backticks in ``text``."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", text)


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
    """The schema's validator, built from the schema with its local references (``#/$defs/...``)
    written in place: resolving them on every test of every document was 40% of the time."""
    import jsonschema

    schema = json.loads(schema_path().read_text())
    definitions = schema.pop("$defs", {})

    def inlined(node):
        if isinstance(node, list):
            return [inlined(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: inlined(value) for key, value in node.items()}
        reference = node.pop("$ref", None)
        return node if reference is None else {**inlined(definitions[reference.removeprefix("#/$defs/")]), **node}

    return jsonschema.Draft202012Validator(inlined(schema))


def write_results(document: dict, path: Path) -> None:
    """Validate, then write (:func:`write_validated`)."""
    validate(document)
    write_validated(document, path)


def write_validated(document: dict, path: Path) -> None:
    """Write a document already validated, atomically (a reader never sees half a file); where
    there is no room for a new file, overwrite the space :func:`reserve_results` set aside."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2) + "\n"
    try:
        _write_atomically(text, path)
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT) or not path.is_file():
            raise
        _overwrite_reserved(text, path)


def _write_atomically(text: str, path: Path) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def reserve_results(path: Path) -> None:
    """Set aside the space of a results file at ``path`` before student code runs: a valid
    failure document padded with spaces to RESERVED_BYTES (what a grading that never ends
    leaves behind)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(failure_document())
    with open(path, "w") as f:
        f.write(text + " " * (RESERVED_BYTES - len(text) - 1) + "\n")


def _overwrite_reserved(text: str, path: Path) -> None:
    """Write ``text`` over the reserved file, in place (no new block needed), then cut it to
    length; a document too large for the reservation gives way to the failure document."""
    data = text.encode()
    if len(data) > RESERVED_BYTES:
        data = (json.dumps(failure_document()) + "\n").encode()
    with open(path, "r+b") as f:
        f.write(data)
        f.truncate(len(data))
