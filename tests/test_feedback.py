"""Feedback people look at: curve plots (check --plots), Markdown results, the class report.

Plots: one PNG per curve comparison (check x returned item) per public case, pass or fail, for
every curve whose value reached the numbers (right shape, finite); none for a call that failed.
"""
from __future__ import annotations

import base64
import csv
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import batch
from autograder.assignment import load_assignment
from autograder.cli import main
from autograder.compare import CurveRecord, Tolerance
from autograder.grading import grade
from autograder.plots import DPI, FIGSIZE, curve_series, plot_curve
from autograder.results import results_document, plain_message, validate
from autograder.store import stored_cases
from conftest import ASSIGNMENTS, PROJECT, SUBMISSIONS, bug_messages, reference_file

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PIXELS = (round(FIGSIZE[1] * DPI), round(FIGSIZE[0] * DPI))  # (height, width)
#: hw0 with two curve bugs: gradient descent with a mean gradient, a running-average loss curve.
CURVE_BUGS = ("gd_mean_gradient.py", "train_relu_1d_running_average_loss.py")


def hw0_with_curve_bugs() -> str:
    return reference_file("hw0").read_text() + "".join(
        "\n\n" + (SUBMISSIONS / "hw0" / "bugs" / name).read_text() for name in CURVE_BUGS)


def expected_plot_count(assignment_name: str) -> int:
    """Curve comparisons on the public cases, from the declarations alone."""
    assignment = load_assignment(assignment_name)
    cases = stored_cases(assignment)
    count = 0
    for function in assignment.functions:
        items = len(function.spec.returns or ()) or 1
        for check in function.spec.checks:
            if check.curve:
                per_case = items if check.item is None and function.spec.returns else 1
                count += per_case * sum(check.applies_to(g.case) for g in cases[function.name])
    return count


def assert_png(path: Path) -> None:
    assert path.read_bytes()[:8] == PNG_SIGNATURE, path
    import matplotlib.image

    assert matplotlib.image.imread(path).shape[:2] == PIXELS, path


# ----------------------------------------------------------------------------- plots


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_check_plots_every_public_curve(assignment, tmp_path, capsys):
    plots = tmp_path / "plots"
    assert main(["check", assignment, str(reference_file(assignment)), "--plots", str(plots)]) == 0
    written = sorted(plots.glob("*.png"))
    assert len(written) == expected_plot_count(assignment) > 0
    for path in written:
        assert_png(path)
    assert f"{len(written)} curve plot" in capsys.readouterr().out


def test_failing_curves_are_plotted_and_the_report_is_unchanged_without_plots(tmp_path, capsys):
    path = tmp_path / "hw0.py"
    path.write_text(hw0_with_curve_bugs())
    assert main(["check", "hw0", str(path)]) == 1
    plain = capsys.readouterr().out
    assert "curve plot" not in plain and not list(tmp_path.rglob("*.png"))
    assert main(["check", "hw0", str(path), "--plots", str(tmp_path / "plots")]) == 1
    assert capsys.readouterr().out.startswith(plain)
    names = sorted(p.name for p in (tmp_path / "plots").glob("*.png"))
    assert sorted({n.split("__")[0] for n in names}) == ["gd_least_squares", "train_relu_1d"]
    # the records the plots are drawn from: the rule's band, the first step off it
    report = grade(load_assignment("hw0"), path, stored_cases(load_assignment("hw0")))
    records = {c.function: r for c in report.cases for _, r in c.curves if "kink" not in c.case}
    assert not any(r.passed for r in records.values())
    losses = curve_series(records["train_relu_1d"])
    assert losses.first_off == 1 and losses.ylabel.startswith("losses")
    iterates = curve_series(records["gd_least_squares"])  # (T+1, d): the norm of each iterate
    assert iterates.got.shape == (records["gd_least_squares"].expected.shape[0],)
    assert "norm" in iterates.ylabel and iterates.first_off == 1


def test_no_plot_when_the_call_fails(tmp_path, capsys):
    assert main(["check", "hw1", str(load_assignment("hw1").directory / "hw1.py"), "--plots", str(tmp_path)]) == 1
    assert "0 curve plots" in capsys.readouterr().out and not list(tmp_path.glob("*.png"))


def test_a_curve_of_the_wrong_length_gets_a_hint_and_a_plot(tmp_path, capsys):
    patch = SUBMISSIONS / "hw1" / "bugs" / "train_losses_missing_initial.py"
    path = tmp_path / "hw1.py"
    path.write_text(reference_file("hw1").read_text() + "\n\n" + patch.read_text())
    assert main(["check", "hw1", str(path), "--plots", str(tmp_path / "plots")]) == 1
    out = capsys.readouterr().out
    assert "expected an array of shape (61,)" in out and "the initial value is left out?" in out
    [png] = (tmp_path / "plots").glob("train_deep_linear*losses*.png")
    assert_png(png)
    report = grade(load_assignment("hw1"), path, stored_cases(load_assignment("hw1")))
    [record] = [r for c in report.cases if c.function == "train_deep_linear" for _, r in c.curves]
    series = curve_series(record)
    assert record.offset == 1 and list(series.got_steps) == list(range(1, 61)) and series.first_off is None
    assert np.all(np.abs(series.error_in_bands) <= 1)  # aligned as the hint says, inside the band


def test_plots_show_the_error_in_units_of_the_band_and_name_each_thing_once(tmp_path):
    from autograder.plots import plot_title

    tol = Tolerance(rtol=1e-3)
    expected = np.linspace(1.0, 2.0, 11)
    got = expected * (1 + np.linspace(0, 4e-3, 11))  # leaves the band (1e-3 relative) after step 2
    record = CurveRecord("losses", got, expected, tol.rtol * expected, tol, passed=False)
    series = curve_series(record)
    assert np.allclose(series.error_in_bands, np.linspace(0, 4, 11)) and series.first_off == 3
    assert plot_title("f", "case a", "losses", record) == "f(): case a — losses (FAILED)"
    assert plot_title("f", "case a", "reference", CurveRecord("result", got, expected, expected, tol, True)) \
        == "f(): case a (within the band)"


def test_curve_series_band_log_scale_and_first_step(tmp_path):
    tol = Tolerance(rtol=1e-3, floor=1e-6)
    expected = 10.0 ** -np.linspace(0, 6, 61)  # six decades: log scale
    got = expected.copy()
    got[40:] *= 1.5
    allowed = tol.atol + tol.floor * expected.max() + tol.rtol * expected
    record = CurveRecord("losses", got, expected, allowed, tol, passed=False)
    series = curve_series(record)
    assert series.log and series.first_off == 40 and np.all(series.low > 0)
    assert np.allclose(series.high - series.expected, allowed)
    plot_curve(record, "losses", tmp_path / "a.png")
    assert_png(tmp_path / "a.png")
    # a normwise rule: a band of the whole allowance around each step; negative values: linear
    norm = Tolerance(rtol=1e-2, norm=True)
    trajectory = np.linspace(-1, 1, 22).reshape(11, 2)
    record = CurveRecord("iterates", trajectory, trajectory, np.asarray(0.01), norm, passed=True)
    series = curve_series(record)
    assert not series.log and series.first_off is None and "norm" in series.ylabel
    plot_curve(record, "iterates", tmp_path / "b.png")
    assert_png(tmp_path / "b.png")


# ----------------------------------------------------------------------------- Markdown results


#: Changes that make a results document invalid, each reached through one of the schema's references.
INVALID = {
    "a test's visibility": lambda d: d["tests"][0].update(visibility="students"),
    "a test's output format": lambda d: d["tests"][0].update(output_format="latex"),
    "an unknown key in a test": lambda d: d["tests"][0].update(max_points=1),
    "a null status": lambda d: d["tests"][0].update(status=None),
    "the default visibility": lambda d: d.update(visibility="never"),
    "a leaderboard entry without a name": lambda d: d.update(leaderboard=[{"value": 1}]),
    "neither score nor tests": lambda d: [d.pop("score"), d.pop("tests")],
}


@pytest.mark.parametrize("change", INVALID.values(), ids=INVALID.keys())
def test_results_are_validated_as_the_schema_as_written_says(grade_source, change):
    """validate() uses the schema with its references written in place: it must judge exactly
    as the schema itself does."""
    import jsonschema
    from autograder.results import schema_path

    written = jsonschema.Draft202012Validator(json.loads(schema_path().read_text()))
    document = json.loads(json.dumps(grade_source("hw1", reference_file("hw1").read_text())[1]))  # a copy
    assert written.is_valid(document)
    validate(document)
    change(document)
    assert not written.is_valid(document)
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_results_are_markdown_and_valid(tmp_path):
    path = tmp_path / "hw0.py"
    path.write_text(hw0_with_curve_bugs() + "\nprint('```not closed <b>bold</b>')\n")
    assignment = load_assignment("hw0")
    report = grade(assignment, path, stored_cases(assignment))
    document = results_document(report)
    validate(document)
    assert document["output_format"] == "md" and all(t["output_format"] == "md" for t in document["tests"])
    assert "````text\n```not closed <b>bold</b>" in document["output"]  # a longer fence than the student's
    failed = [t for t in document["tests"] if t["status"] == "failed"]
    assert len(failed) == 3  # gd_least_squares and both public train_relu_1d cases
    messages = {c.name: c.message for c in report.cases}
    for test in failed:
        assert test["output"].startswith("    [")  # an indented code block: shown literally
        assert plain_message(test) == messages[test["name"]]
        assert "expected" in test["output"] and "allowed:" in test["output"] and "first step outside" in test["output"]
        assert "--plots" in test["output"]
        # the batch's one-line summaries still quote the message, not Markdown
        assert batch.row_message({"tests": [test], "output": ""}, "").endswith(messages[test["name"]].splitlines()[0])
    assert all(t["output"] == "Passed." for t in document["tests"] if t["status"] == "passed")


def test_import_errors_are_fenced(tmp_path):
    path = tmp_path / "hw0.py"
    path.write_text("def broken(:\n")
    assignment = load_assignment("hw0")
    document = results_document(grade(assignment, path, stored_cases(assignment)))
    validate(document)
    assert "could not be imported" in document["output"] and "```text\n" in document["output"]
    assert "SyntaxError" in plain_message(document["tests"][0])


# ----------------------------------------------------------------------------- the class report

METADATA = """\
submission_11:
  :submitters:
  - :name: Ada <Lovelace>
    :sid: '01'
    :email: ada@example.edu
submission_12:
  :submitters:
  - :name: Bob & Co
    :sid: '02'
    :email: bob@example.edu
  - :name: Cy
    :sid: '03'
    :email: cy@example.edu
submission_13:
  :submitters:
  - :name: Dee
    :sid: '04'
    :email: dee@example.edu
"""


@pytest.fixture(scope="module")
def class_report(tmp_path_factory):
    """A made-up hw0 export graded by ``batch --report``: (csv path, report path, rows)."""
    base = tmp_path_factory.mktemp("class")
    export = base / "export"
    for submission_id, (name, text) in {"11": ("hw0.py", reference_file("hw0").read_text()),
                                        "12": ("work/hw0.py", hw0_with_curve_bugs()),
                                        "13": ("homework.py", "x = 1\n")}.items():
        path = export / f"submission_{submission_id}" / name
        path.parent.mkdir(parents=True)
        path.write_text(text)
    (export / "submission_metadata.yml").write_text(METADATA)
    out, report = base / "out" / "grades.csv", base / "out" / "staff" / "report.html"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    completed = subprocess.run(
        [sys.executable, "-m", "autograder", "batch", "hw0", str(export), "--out", str(out), "--jobs", "2",
         "--no-progress", "--report", str(report)], capture_output=True, text=True, cwd=PROJECT, env=env,
        timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert f"class report: {report}" in completed.stdout
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return out, report, rows


VOID = {"meta", "img", "br", "hr", "link", "input", "col", "source", "wbr", "area", "base", "embed", "track"}


class Structure(html.parser.HTMLParser):
    """Checks that tags are balanced; collects tags with attributes, table rows and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.attrs, self.rows, self.text = [], [], [], [], []
        self.doctype = False

    @property
    def tags(self) -> list:
        return [tag for tag, _ in self.attrs]

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if {"td", "th"} & set(self.stack) and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def test_class_report_is_valid_self_contained_html(class_report):
    out, report, rows = class_report
    page = report.read_text(encoding="utf-8")
    parsed = parse(page)
    assert parsed.doctype and not parsed.errors and not parsed.stack
    for tag in ("html", "head", "title", "body", "h1", "img", "table", "a"):
        assert tag in parsed.tags, tag
    assert not {"script", "link", "iframe", "object"} & set(parsed.tags)
    for tag, attrs in parsed.attrs:  # nothing to fetch: the only image is inline, links are relative
        for name in ("src", "href"):
            assert not re.match(r"(?i)(https?:)?//", attrs.get(name, "")), (tag, attrs)
    assert "@import" not in page and "url(" not in page
    images = [a["src"] for t, a in parsed.attrs if t == "img"]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    assert base64.b64decode(images[0].partition(",")[2])[:8] == PNG_SIGNATURE
    # escaped, never raw
    assert "Ada &lt;Lovelace&gt;" in page and "<Lovelace>" not in page and "Bob &amp; Co" in page


def test_class_report_has_every_submission_and_the_csv_numbers(class_report):
    out, report, rows = class_report
    parsed = parse(report.read_text(encoding="utf-8"))
    functions = [f.name for f in load_assignment("hw0").functions]
    header = next(r for r in parsed.rows if r[:3] == ["submission", "submitters", "score"])
    assert header[4:] == functions
    table = {r[0].split()[0]: r for r in parsed.rows if r and r[0].split() and r[0].split()[0].isdigit()}
    links = {a["href"] for t, a in parsed.attrs if t == "a"}
    assert {r["submission_id"] for r in rows} == {"11", "12", "13"}
    for row in rows:
        cells = table[row["submission_id"]]
        assert row["name"] in cells[1]
        assert cells[2] == f"{row['score']} / {row['max_score']}"
        assert cells[3] == row["message"]
        assert cells[4:] == [row[f] for f in functions]
        href = f"../results/{row['submission_id']}.json"  # relative to the page, which is in staff/
        assert href in links and (report.parent / href).resolve().is_file()
    assert {r["score"] for r in rows} == {"28", "21.8", "0"}
    # per function, the submissions that lost points (12 and 13 lose on gd_least_squares, 13 on all)
    shares = {}
    for r in parsed.rows:  # the functions' table comes before the checks' one
        if r and r[0] in functions:
            shares.setdefault(r[0], r[2:4])
    assert shares["gd_least_squares"] == ["2", "67% "] and shares["grad_inner"] == ["1", "33% "]
    # per check, the most common messages with counts
    checks = [r for r in parsed.rows if len(r) == 4 and r[:2] == ["train_relu_1d", "losses"]]
    assert checks and checks[0][2] == "1" and "entries are off" in checks[0][3]
    # the histogram's counts as a table, per range
    assert ["28 (full)", "1"] in parsed.rows and ["0-<2.8", "1"] in parsed.rows


def test_class_report_regenerates_from_the_batch_output(class_report, tmp_path, capsys):
    out, report, _ = class_report
    again = tmp_path / "again.html"
    assert main(["class-report", str(out), "--out", str(again), "--title", "hw0: Foundations"]) == 0
    first, second = report.read_text(), again.read_text()
    strip = lambda page: re.sub(r'href="[^"]*"', "", page)  # the links are relative to each page
    assert strip(first) == strip(second)


def test_class_report_renders_in_headless_chromium(class_report, tmp_path):
    chromium = shutil.which("chromium")
    if not chromium:
        print("skipped: no chromium on PATH (apt-get install chromium to render the class report)")
        pytest.skip("no chromium installed: the class report is not rendered (the HTML checks above still run)")
    _, report, _ = class_report
    shot = tmp_path / "report.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--window-size=1200,1600", f"--screenshot={shot}", report.resolve().as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == PNG_SIGNATURE
    import matplotlib.image

    image = matplotlib.image.imread(shot)
    assert image.shape[:2] == (1600, 1200) and float(image[..., :3].std()) > 0.05  # not a blank page


@pytest.mark.parametrize("assignment, bug, function, words", [
    ("hw1", "gradient_variance_unbiased", "gradient_variance", "a sample variance"),
    ("hw1", "parity_gradients_bits_reversed", "parity_gradients", "your rows are the expected ones in another order"),
    ("hw0", "jacobian_linear_transposed", "jacobian_linear", "the transpose of the expected one"),
    ("hw0", "train_relu_1d_no_initial_loss", "train_relu_1d", "the initial value is left out?"),
])
def test_hints_name_the_likely_mistake(grade_source, assignment, bug, function, words):
    assert words in bug_messages(grade_source, assignment, bug, function)
