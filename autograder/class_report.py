"""The class report: one self-contained HTML page for staff about a whole batch.

``autograder batch hw1 EXPORT --out grades.csv --report report.html`` writes it after grading;
``autograder class-report grades.csv --out report.html`` writes it again from an existing batch
output. It is built only from what the batch wrote: the CSV (one row per submitter) and, beside
it, ``results/<id>.json``. The page has the score distribution (a Matplotlib histogram embedded
as a base64 PNG, and the same counts as a table), per function the share of submissions that
lost points on it, per check the most common failure messages with the number of submissions
that got each, and a table of submissions with relative links to their results and logs. It
needs no network: no external CSS, script, font or image. Every text is escaped with
:func:`html.escape`.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .grading import CALL_FAILED
from .report import format_points
from .results import CONTACT_STAFF

FIXED_COLUMNS = ["submission_id", "sid", "name", "email", "score", "max_score"]
TOP_MESSAGES = 5
FIGSIZE, DPI = (8.0, 3.6), 100


@dataclass
class Submission:
    id: str
    score: str  # as the CSV has it
    max_score: str
    function_points: dict  # function -> points, as the CSV has them
    message: str
    names: list = field(default_factory=list)
    document: dict | None = None

    @property
    def score_value(self) -> float:
        return float(self.score or 0)


@dataclass(frozen=True)
class BatchData:
    title: str
    functions: list
    submissions: list
    results_dir: Path


def read_batch(csv_path: Path, title: str | None = None) -> BatchData:
    """The CSV and the results/<id>.json beside it, one Submission per submission id."""
    csv_path = Path(csv_path)
    results_dir = csv_path.resolve().parent / "results"
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        functions = [c for c in (reader.fieldnames or []) if c not in FIXED_COLUMNS and c != "message"]
        submissions: dict = {}
        for row in reader:
            submission = submissions.get(row["submission_id"])
            if submission is None:
                submission = submissions[row["submission_id"]] = Submission(
                    row["submission_id"], row["score"], row["max_score"],
                    {name: row.get(name, "") for name in functions}, row.get("message", ""))
            if row.get("name") or row.get("sid"):
                submission.names.append(row.get("name") or row.get("sid"))
    for submission in submissions.values():
        path = results_dir / f"{submission.id}.json"
        if path.is_file():
            submission.document = json.loads(path.read_text(encoding="utf-8"))
    return BatchData(title or csv_path.stem, functions, sorted(submissions.values(), key=_id_key), results_dir)


def write_class_report(csv_path: Path, out: Path, title: str | None = None) -> Path:
    """Read the batch output behind ``csv_path`` and write the HTML page to ``out``."""
    out = Path(out)
    page = render(read_batch(csv_path, title), out.resolve().parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)  # staff's: private to whoever wrote it, like the batch's outputs
        f.write(page)
    return out


# ----------------------------------------------------------------------------- the numbers


def function_points(data: BatchData) -> dict:
    """function -> its points, from the tests of any graded submission (named ``function: case``)."""
    points: dict = {}
    for submission in data.submissions:
        tests = (submission.document or {}).get("tests", [])
        if tests:
            for test in tests:
                function = test.get("name", "").partition(": ")[0]
                points[function] = points.get(function, 0.0) + float(test.get("max_score", 0.0))
            break
    return {name: round(points.get(name, 0.0), 4) for name in data.functions}


def lost_points(data: BatchData) -> dict:
    """function -> number of submissions that scored below its points on it."""
    points = function_points(data)
    return {name: sum(float(s.function_points.get(name) or 0) < points[name] - 1e-9 for s in data.submissions)
            for name in data.functions}


def check_failures(documents) -> dict:
    """(function, check) -> (submissions failing it, Counter of its failure messages' first lines),
    from the failure records of results documents (never from message text, which a submission
    can shape), most failed first. Each submission counts once per check and once per message.
    Messages that differ only in their numbers ("250 of 255 entries are off", "30 of 31 ...")
    count as one, shown as the first submission's. Ties of messages go to the one met first, so
    that the same documents always give the same answer."""
    submissions, messages, examples = Counter(), {}, {}
    for document in documents:
        seen = {}  # ordered as met (a set's order would change with the hash seed)
        for test in (document or {}).get("tests", []):
            if test.get("status") != "failed":
                continue
            function = test.get("name", "").partition(": ")[0]
            for check, line in failure_records(test):
                shape = _NUMBER.sub("#", line)
                seen[function, check, examples.setdefault((function, check, shape), line)] = None
        submissions.update({(function, check) for function, check, _ in seen})
        for function, check, line in seen:
            messages.setdefault((function, check), Counter())[line] += 1
    return {key: (count, messages[key]) for key, count in sorted(submissions.items(), key=lambda i: (-i[1], i[0]))}


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def failure_records(test: dict) -> list:
    """(check, first line of its message) per failure of a failed results test, as grading
    recorded them; a test without records (written by an older grader) is one failure of the
    call itself, with no message."""
    records = test.get("extra_data", {}).get("failures")
    if not isinstance(records, list) or not records:
        return [(CALL_FAILED, "(no failure record)")]
    return [(str(r.get("check", CALL_FAILED)), str(r.get("first_line", ""))) for r in records if isinstance(r, dict)]


def score_buckets(scores: list, max_score: float) -> dict:
    """label -> number of scores: ten ranges [lo, hi) of a tenth of the points each, then full marks."""
    tenth = max_score / 10
    labels = [f"{format_points(i * tenth)}-<{format_points((i + 1) * tenth)}" for i in range(10)] + [
        f"{format_points(max_score)} (full)"]
    counts = Counter(10 if s >= max_score - 1e-9 else min(9, max(0, int(s / tenth + 1e-9))) for s in scores)
    return {label: counts[i] for i, label in enumerate(labels)}


def class_buckets(data: BatchData) -> dict:
    """:func:`score_buckets` of the batch's submissions."""
    max_score = max((float(s.max_score or 0) for s in data.submissions), default=0.0) or 1.0
    return score_buckets([s.score_value for s in data.submissions], max_score)


# ----------------------------------------------------------------------------- the page


def histogram_png(buckets: dict, title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    labels, counts = list(buckets), list(buckets.values())
    axes.bar(range(len(counts)), counts, color=["tab:blue"] * (len(counts) - 1) + ["tab:green"])
    axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    axes.set_xlabel("score range (points)")
    axes.set_ylabel("submissions")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(title, fontsize=11)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.9em; white-space: pre-wrap; } .bar { display: inline-block; height: 0.8em; background: #d62728; }
.muted { color: #666; } img { max-width: 100%; } .scroll { overflow-x: auto; }
td.message { min-width: 28em; font-size: 0.9em; } th.fn { font-size: 0.8em; }
"""


def render(data: BatchData, report_dir: Path) -> str:
    """The whole page (``report_dir``: where it will be written, for relative links)."""
    e = html.escape
    n = len(data.submissions)
    buckets = class_buckets(data)
    scores = [s.score_value for s in data.submissions]
    max_score = data.submissions[0].max_score if data.submissions else "0"
    mean = sum(scores) / n if n else 0.0
    median = sorted(scores)[n // 2] if n % 2 else (sum(sorted(scores)[n // 2 - 1:n // 2 + 1]) / 2 if n else 0.0)
    png = base64.b64encode(histogram_png(buckets, f"{data.title}: scores of {n} submissions")).decode("ascii")
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(data.title)}: class report</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{e(data.title)}: class report</h1>",
        f'<p>{n} submissions; mean score {e(format_points(mean))}, median {e(format_points(median))} '
        f'(out of {e(max_score)}). <span class="muted">Scores per submission, not per submitter.</span></p>',
        '<h2 id="scores">Score distribution</h2>',
        f'<img alt="histogram of the scores of {n} submissions" src="data:image/png;base64,{png}">',
        "<table><thead><tr><th>points</th><th>submissions</th></tr></thead><tbody>",
        *(f'<tr><td>{e(label)}</td><td class="num">{count}</td></tr>' for label, count in buckets.items()),
        "</tbody></table>",
        '<h2 id="functions">Functions: share of submissions that lost points</h2>',
        "<table><thead><tr><th>function</th><th>points</th><th>submissions losing points</th>"
        "<th>share</th></tr></thead><tbody>",
    ]
    points = function_points(data)
    for name, count in sorted(lost_points(data).items(), key=lambda item: -item[1]):
        share = count / n if n else 0.0
        parts.append(f'<tr><td><code>{e(name)}</code></td><td class="num">{e(format_points(points[name]))}</td>'
                     f'<td class="num">{count}</td><td class="num">{share:.0%} '
                     f'<span class="bar" style="width: {round(share * 8, 2)}em"></span></td></tr>')
    parts += ["</tbody></table>",
              '<h2 id="checks">Checks: most common failure messages</h2>',
              f'<p class="muted">Per function and check, the first line of the failure message, with the number '
              f'of submissions that got it (each counted once per message; messages that differ only in '
              f'their numbers count as one, shown as one example; at most {TOP_MESSAGES} per check).</p>']
    failures = check_failures(s.document for s in data.submissions)
    if not failures:
        parts.append("<p>No failed checks.</p>")
    else:
        parts.append("<table><thead><tr><th>function</th><th>check</th><th>submissions</th><th>message</th>"
                     "</tr></thead><tbody>")
        for (function, check), (_, messages) in failures.items():
            top = messages.most_common(TOP_MESSAGES)
            for i, (message, count) in enumerate(top):
                head = (f'<td rowspan="{len(top)}"><code>{e(function)}</code></td><td rowspan="{len(top)}">'
                        f'{e(check)}</td>') if i == 0 else ""
                parts.append(f'<tr>{head}<td class="num">{count}</td><td><code>{e(message)}</code></td></tr>')
        parts.append("</tbody></table>")
    parts += ['<h2 id="submissions">Submissions</h2>',
              '<p class="muted">Each submission links to its Gradescope results (JSON) and its staff log. '
              'Points per function follow the message.</p>',
              '<div class="scroll"><table><thead><tr><th>submission</th><th>submitters</th><th>score</th>'
              '<th class="message">message</th>',
              *(f'<th class="fn"><code>{e(name)}</code></th>' for name in data.functions),
              "</tr></thead><tbody>"]
    for s in data.submissions:
        results = data.results_dir / f"{s.id}.json"
        links = f'<a href="{e(_relative(results, report_dir))}">{e(s.id)}</a>'
        if results.with_suffix(".log").is_file():
            links += f' <a class="muted" href="{e(_relative(results.with_suffix(".log"), report_dir))}">log</a>'
        if s.document is None:
            links += ' <span class="muted">(no results file)</span>'
        parts.append(f"<tr><td>{links}</td><td>{e(', '.join(s.names))}</td>"
                     f'<td class="num">{e(s.score)} / {e(s.max_score)}</td><td class="message">{e(_message(s))}</td>'
                     + "".join(f'<td class="num">{e(s.function_points.get(name, ""))}</td>' for name in data.functions)
                     + "</tr>")
    parts.append("</tbody></table></div>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _message(submission: Submission) -> str:
    if submission.document and submission.document.get("output") == CONTACT_STAFF and not submission.message:
        return "autograder failed"
    return submission.message


def _relative(path: Path, start: Path) -> str:
    return quote(Path(os.path.relpath(path, start)).as_posix())


def _id_key(submission: Submission):
    return (0, int(submission.id), "") if submission.id.isdigit() else (1, 0, submission.id)
