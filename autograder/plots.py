"""Curve plots for ``autograder check --plots DIR``: the student's curve over the allowed band.

Every curve comparison that reached the numbers (a check made with ``matches(..., curve=True)``
whose value had the expected shape and was finite) is recorded on its
:class:`~autograder.grading.CaseResult` as a :class:`~autograder.compare.CurveRecord`; this
module draws each one, pass or fail, as one PNG: the expected curve, the band the comparison
rule allows around it (``atol + floor*max|expected| + rtol*|expected|`` at each step), the
student's curve and, if it leaves the band, the first step that does; and below them the
student's error in units of the band, where the band is [-1, 1] at any scale. A curve one
entry too short or too long is drawn aligned as its hint says (see :class:`CurveRecord`). A 1-D curve is drawn as
it is; for a trajectory of shape ``(T+1, d, ...)`` (iterates) each step is summarised by the
Euclidean norm of its entries, and the band by ``||expected_t|| ± ||allowed_t||`` (a curve inside
the elementwise band is inside this one). Under a normwise rule the band is ``expected ± the
whole curve's allowance``. The y axis is logarithmic when every value is positive and they span
at least two decades.

Matplotlib (Agg backend, no display needed) is imported only here, and only when plotting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .compare import CurveRecord, format_number
from .grading import GradingReport

#: Figure size in inches and resolution: every PNG is 960 x 540 pixels.
FIGSIZE = (9.6, 5.4)
DPI = 100
LOG_DECADES = 2.0


@dataclass(frozen=True)
class CurveSeries:
    """What is drawn: one value per step for the student (at steps ``got_steps``), the expected
    curve and the band, and the student's error in units of the band where both have a step."""

    got: np.ndarray
    got_steps: np.ndarray
    expected: np.ndarray
    low: np.ndarray
    high: np.ndarray
    error_in_bands: np.ndarray  # (yours - expected) / allowed at the steps both curves have
    first_off: int | None  # the first step outside the band (by the comparison rule), if any
    ylabel: str
    log: bool


def curve_series(record: CurveRecord) -> CurveSeries:
    """The 1-D summary of a curve comparison that the plot draws."""
    tol = record.tolerance
    got, expected = np.atleast_1d(record.got), np.atleast_1d(record.expected)
    steps = expected.shape[0]
    if tol.norm:  # a whole-curve allowance: any one entry may be off by all of it
        allowed = np.full(expected.shape, float(np.max(record.allowed)))
    else:
        allowed = np.broadcast_to(record.allowed, record.expected.shape).reshape(expected.shape)
    got_steps = np.arange(got.shape[0]) + record.offset
    shared = (got_steps >= 0) & (got_steps < steps)
    at = got_steps[shared]
    with np.errstate(divide="ignore", invalid="ignore"):
        signed = (got[shared] - expected[at]).reshape(len(at), -1) / allowed[at].reshape(len(at), -1)
    signed = np.where(np.isfinite(signed), signed, np.sign(signed) * 1e300)
    worst = np.take_along_axis(signed, np.argmax(np.abs(signed), axis=1)[:, None], axis=1)[:, 0] if signed.size \
        else np.zeros(len(at))
    off = np.abs(worst) > 1
    first_off = int(at[np.argmax(off)]) if off.any() else None
    if expected.ndim == 1:
        half, ylabel = allowed, f"{record.path} (entry t)"
    else:
        entries = "×".join(str(n) for n in expected.shape[1:])
        got = np.linalg.norm(got.reshape(got.shape[0], -1), axis=1)
        expected = np.linalg.norm(expected.reshape(steps, -1), axis=1)
        half = np.linalg.norm(allowed.reshape(steps, -1), axis=1)
        ylabel = f"‖{record.path}[t]‖₂ (Euclidean norm of each iterate's {entries} entries)"
    low, high = expected - half, expected + half
    values = np.concatenate([got, expected])
    log = bool(np.all(values > 0) and values.max() / values.min() >= 10 ** LOG_DECADES)
    if log:  # a band reaching 0 or below is cut at the bottom of the plot
        low = np.where(low > 0, low, values.min() / 10)
    return CurveSeries(got, got_steps, expected, low, high, worst, first_off, ylabel, log)


def plot_curve(record: CurveRecord, title: str, path: Path) -> CurveSeries:
    """Write one PNG of ``record`` to ``path``; return what was drawn.

    Two panels: above, the curves over the band (which may be too thin to see at their scale);
    below, the student's error in units of the band at each step, where the band is [-1, 1]."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure  # no pyplot: no global state, no display

    series = curve_series(record)
    steps = np.arange(series.expected.shape[0])
    figure = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    axes, errors = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    axes.fill_between(steps, series.low, series.high, color="tab:green", alpha=0.25, linewidth=0,
                      label=f"allowed band ({record.tolerance.describe()})")
    axes.plot(steps, series.expected, color="tab:green", linewidth=1.2, label="expected")
    axes.plot(series.got_steps, series.got, color="tab:blue", linewidth=1.4, linestyle="--",
              marker="." if len(steps) <= 60 else None,
              label="yours" + (f" (entry 0 drawn at step {record.offset})" if record.offset else ""))
    if series.first_off is not None:
        t = series.first_off
        axes.axvline(t, color="tab:red", linewidth=1, linestyle=":")
        yours = series.got[list(series.got_steps).index(t)]
        axes.plot([t], [yours], "o", color="tab:red", markersize=8, fillstyle="none",
                  label=f"first step off the band: t = {t} (yours {format_number(yours)}, "
                        f"expected {format_number(series.expected[t])})")
    if series.log:
        axes.set_yscale("log")
    axes.set_ylabel(series.ylabel, fontsize=8)
    axes.set_title(title, fontsize=11)
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(loc="best", fontsize=8)
    _plot_error_in_bands(errors, series)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=DPI)
    return series


def _plot_error_in_bands(axes, series: CurveSeries) -> None:
    """The student's error divided by the allowance at each step, over the band [-1, 1]."""
    at = series.got_steps[(series.got_steps >= 0) & (series.got_steps < series.expected.shape[0])]
    axes.axhspan(-1, 1, color="tab:green", alpha=0.25, linewidth=0, label="allowed band")
    axes.axhline(0, color="tab:green", linewidth=1.2)
    axes.plot(at, series.error_in_bands, color="tab:blue", linewidth=1.2, linestyle="--",
              marker="." if len(at) <= 60 else None, label="(yours - expected) / allowed")
    if series.first_off is not None:
        axes.axvline(series.first_off, color="tab:red", linewidth=1, linestyle=":")
    axes.set_yscale("symlog", linthresh=1)  # the band stays visible however far the curve is off
    axes.set_ylabel("error in bands", fontsize=8)
    axes.set_xlabel("step t")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)


def write_plots(report: GradingReport, folder: Path) -> list:
    """One PNG per curve comparison of every case in ``report``; return the paths written."""
    folder = Path(folder)
    written = []
    for case in report.cases:
        for check, record in case.curves:
            title = plot_title(case.function, case.case, check, record)
            name = "__".join(_slug(part) for part in (case.function, case.case, check, record.path))
            path = folder / f"{name}.png"
            plot_curve(record, title, path)
            written.append(path)
    return written


def plot_title(function: str, case: str, check: str, record: CurveRecord) -> str:
    """``function(): case — what is compared (verdict)``, naming the check and the item once each."""
    what = " ".join(dict.fromkeys(part for part in (check, record.path) if part not in ("reference", "result")))
    verdict = "within the band" if record.passed else "FAILED"
    return f"{function}(): {case}" + (f" — {what}" if what else "") + f" ({verdict})"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "x"
