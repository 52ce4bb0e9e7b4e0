"""Batch grading of a Gradescope export: every submission in parallel, a CSV and a summary.

``autograder batch hw1 EXPORT --out grades.csv`` grades each ``submission_<id>/`` folder of the
export (see :mod:`autograder.export`) with one execution: this machine's pool of grading
processes (:mod:`autograder.local_pool`, the default) or a Dask cluster
(:mod:`autograder.dask_pool`, ``--dask``). Either yields each submission's outcome, written here
as ``results/<id>.json`` beside the CSV, exactly the document Gradescope would get
(:mod:`autograder.gradescope`'s helpers), and ``results/<id>.log``, what Gradescope would show
staff on standard output (the grading summary, or the traceback). A submission that is missing
its file, breaks the grader, hangs it or kills its process still gets its results, its row and
its message; the others are unaffected. A run grades only submissions that have no results yet
(``force`` regrades all), so an interrupted batch is finished by running it again. The CSV has
one row per submitter, so that a group submission gives each member a row; the summary and the
class report (:mod:`autograder.class_report`) are read from these outputs.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import signal
from collections import Counter
from contextlib import closing, contextmanager
from pathlib import Path

from tqdm import tqdm

from . import cpus
from .assignment import Assignment, load_assignment
from .class_report import FIXED_COLUMNS, check_failures, score_buckets
from .export import read_export
from .jobs import Job, write_outcome
from .local_pool import LocalPool
from .report import format_points, printable
from .results import CONTACT_STAFF
from .sandbox import signal_handlers

#: A safety net for the grader itself: students' code is already cut by the per-call limits
#: and the run limit of assignment.yaml, well before this.
DEFAULT_SUBMISSION_TIMEOUT = 900.0


# ----------------------------------------------------------------------------- the command


def run_batch(assignment_name: str, export_dir: Path, out_csv: Path, *, jobs: int | None = None,
              force: bool = False, time_limit: float | None = None,
              submission_timeout: float | None = None, progress: bool = True, dask: str | None = None) -> str:
    """Grade the export, write the CSV and results/, and return the summary to print."""
    assignment = load_assignment(assignment_name)
    submissions = read_export(export_dir)
    results_dir = Path(out_csv).resolve().parent / "results"
    todo = [s for s in submissions if force or not results_path(results_dir, s.id).is_file()]
    with private_outputs():
        private_folder(results_dir)
        if todo:
            timeout = submission_timeout or DEFAULT_SUBMISSION_TIMEOUT
            grade_all(assignment, [Job(s.id, s.folder, results_path(results_dir, s.id), timeout) for s in todo],
                      execution_for(jobs or cpus.count(), time_limit, dask), progress=progress)
        documents = {s.id: json.loads(results_path(results_dir, s.id).read_text()) for s in submissions}
        logs = {s.id: _read_log(results_path(results_dir, s.id)) for s in submissions}
        write_csv(Path(out_csv), csv_rows(assignment, submissions, documents, logs), function_names(assignment))
    header = (f"{assignment.name}: {len(submissions)} submissions, {len(todo)} graded now"
              + (f", {len(submissions) - len(todo)} kept from an earlier run (--force regrades them)"
                 if len(todo) < len(submissions) else "")
              + f".\nScores: {out_csv}; Gradescope results: {results_dir}/<id>.json")
    return header + "\n\n" + summary(assignment, documents, logs)


@contextmanager
def private_outputs():
    """Files and folders created meanwhile (by this process and the grading processes it
    starts) are private to the user running the batch: grades, results and logs are staff's."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def private_folder(folder: Path) -> None:
    """Create ``folder`` private to us, or make it so (and what it holds) if it exists."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for path in folder.iterdir():
        if path.is_file() and not path.is_symlink():
            os.chmod(path, 0o600)


def results_path(results_dir: Path, submission_id: str) -> Path:
    return results_dir / f"{submission_id}.json"


def function_names(assignment: Assignment) -> list:
    return [f.name for f in assignment.functions]


# ----------------------------------------------------------------------------- the seam


def grade_all(assignment: Assignment, jobs_to_do: list, execution, *, progress: bool = True) -> None:
    """Grade every job with ``execution`` (a :class:`~autograder.local_pool.LocalPool` or a
    :class:`~autograder.dask_pool.DaskPool`, whose ``run`` yields (job, (document, log)) as each
    is done) and write each outcome here, with a progress bar. SIGTERM interrupts it as SIGINT
    does; either way the execution ends everything it started."""
    with tqdm(total=len(jobs_to_do), desc=f"grading {assignment.name}", unit="submission",
              disable=not progress, dynamic_ncols=True) as bar, \
            signal_handlers({signal.SIGTERM: signal.default_int_handler}), \
            closing(execution.run(assignment, jobs_to_do)) as outcomes:
        for job, (document, log) in outcomes:
            write_outcome(job, document, log)
            bar.update()


def execution_for(jobs: int, time_limit: float | None, dask: str | None):
    """This machine's pool of ``jobs`` grading processes, or the Dask cluster at ``dask``
    (``"local"``: a LocalCluster of ``jobs`` workers started for the batch)."""
    if dask is None:
        return LocalPool(jobs, time_limit)
    from .dask_pool import DaskPool

    return DaskPool(dask, jobs, time_limit)


def _read_log(results: Path) -> str:
    log = results.with_suffix(".log")
    return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""


# ----------------------------------------------------------------------------- the CSV


def csv_rows(assignment: Assignment, submissions: list, documents: dict, logs: dict) -> list:
    """One row per submitter (one with empty names for a submission without metadata)."""
    rows = []
    for submission in submissions:
        document = documents[submission.id]
        scores = function_scores(document, function_names(assignment))
        common = {"submission_id": submission.id, "score": _number(document["score"]),
                  "max_score": _number(assignment.max_score),
                  **{name: _number(score) for name, score in scores.items()},
                  "message": printable(row_message(document, logs.get(submission.id, "")))}
        for person in submission.submitters or [None]:
            identity = dataclasses.asdict(person) if person else {"sid": "", "name": "", "email": ""}
            rows.append({**identity, **common})
    return rows


def write_csv(path: Path, rows: list, functions: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", newline="", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)
        writer = csv.DictWriter(f, fieldnames=FIXED_COLUMNS + functions + ["message"])
        writer.writeheader()
        writer.writerows(rows)


def function_scores(document: dict, functions: list) -> dict:
    """Points per function, from the document's tests (named ``function: case``)."""
    scores = dict.fromkeys(functions, 0.0)
    for test in document.get("tests", []):
        function = test.get("name", "").partition(": ")[0]
        if function in scores:
            scores[function] += float(test.get("score", 0.0))
    return scores


def row_message(document: dict, log: str) -> str:
    """Why a submission did not score full marks, in one line ("" when every case passed)."""
    if document.get("output") == CONTACT_STAFF:
        return "autograder failed: " + _last_line(log)
    tests = document.get("tests", [])
    if not tests:
        return _first_line(document.get("output", ""))
    failed = [t for t in tests if t.get("status") == "failed"]
    if not failed:
        return ""
    return f"{len(failed)} of {len(tests)} cases failed; first: {failed[0]['name']}: {_first_line(failed[0].get('output', ''))}"


# ----------------------------------------------------------------------------- the summary


def summary(assignment: Assignment, documents: dict, logs: dict) -> str:
    lines = [f"Scores (out of {format_points(assignment.max_score)}), submissions per range:"]
    buckets = score_buckets([d["score"] for d in documents.values()], assignment.max_score)
    widest = max(buckets.values(), default=0)
    for label, count in buckets.items():
        lines.append(f"  {label:>13}  {count:4d}  {_bar(count, widest)}")
    ungraded = Counter(_ungraded_reason(d, logs.get(i, "")) for i, d in documents.items() if not d.get("tests"))
    if ungraded:
        lines += ["", "Not graded (score 0):"] + [f"  {n:4d}  {reason}" for reason, n in ungraded.most_common()]
    failures = check_failures(documents.values())
    lines += ["", "Checks failed (submissions failing each, and the most common first line of its message):"]
    if not failures:
        lines.append("  none")
    for (function, check), (count, messages) in failures.items():
        lines.append(f"  {count:4d}  {function}: {check}")
        lines.append(f"          {_shortened(messages.most_common(1)[0][0], 110)}")
    return printable("\n".join(lines))


def _ungraded_reason(document: dict, log: str) -> str:
    if document.get("output") == CONTACT_STAFF:
        return "autograder failed: " + _shortened(_last_line(log), 100)
    return "file missing"


def _bar(count: int, widest: int, width: int = 40) -> str:
    return "#" * (count if widest <= width else round(count * width / widest))


def _number(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1] if text.strip() else "(no log)"


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."
