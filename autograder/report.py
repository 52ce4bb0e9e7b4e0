"""Terminal reports: the students' local check and the staff's one-file grading summary.

Both quote what a submission printed or raised, so both go through :func:`printable`: a
terminal never gets a control character (an ANSI escape sequence, a carriage return) from
student code.
"""
from __future__ import annotations

import re
import textwrap

from .grading import GradingReport


def check_report(report: GradingReport, case_counts: dict, version_warnings: list) -> str:
    """Per function passed or failed on the public cases, failures with their messages."""
    title = report.assignment.title
    lines = [f"{title}: public cases", ""]
    if report.load_error:
        lines += ["Your file could not be imported:", _indent(report.load_error), ""]
    for function in report.functions:
        verdict = "PASS" if function.passed == len(function.cases) else "FAIL"
        lines.append(f"  {verdict}  {function.name:<28} {function.passed}/{len(function.cases)} public cases")
        lines += [_indent(f"{c.name}\n{_indent(c.message)}", 8) for c in function.cases if not c.passed]
    lines += ["", coverage_sentence(report, case_counts)]
    if report.printed:
        lines += ["", "Your code printed (truncated):", _indent(report.printed)]
    lines += [f"Warning: {w}" for w in version_warnings]
    return printable("\n".join(lines))


def coverage_sentence(report: GradingReport, case_counts: dict) -> str:
    public_points = sum(f.points * len(f.cases) / case_counts[f.name] for f in report.functions)
    earned = sum(f.points * f.passed / case_counts[f.name] for f in report.functions)
    hidden_points = report.max_score - public_points
    return (f"Public cases: you pass checks worth {format_points(earned)} of the {format_points(public_points)} points they cover. "
            f"The other {format_points(hidden_points)} of {format_points(report.max_score)} points ride on hidden cases, graded on "
            f"Gradescope and shown after the due date: passing every public case is not a full grade.")


def grade_summary(report: GradingReport) -> str:
    lines = [f"{report.assignment.title}: {format_points(report.score)} / {format_points(report.max_score)} points "
             f"({report.seconds:.1f} s)"]
    if report.load_error:
        lines.append(_indent("import failed: " + report.load_error))
    for function in report.functions:
        lines.append(f"  {format_points(function.score):>6} / {format_points(function.points):<4} {function.name} "
                     f"({function.passed}/{len(function.cases)} cases)")
        lines += [_indent(f"{c.name}\n{_indent(c.message)}", 6) for c in function.cases if not c.passed]
    return printable("\n".join(lines))


def _indent(text: str, by: int = 4) -> str:
    return textwrap.indent(text, " " * by)


def format_points(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


#: Control characters (but newline and tab) and the Unicode controls that reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab written as an escape (``\\x1b``)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
