"""The one place where a student's value is compared with an expected one.

Rule, elementwise, in float64 with the expected value as the base (asymmetric on purpose)::

    |got - expected| <= atol + floor * max|expected| + rtol * |expected|

``floor`` is an absolute slack that scales with the size of the expected array, so that correct
float32 answers pass on entries near 0 and loss curves that fall by many decades are checked
in a band around each step. With ``norm=True`` the rule is normwise instead:
``||got - expected|| <= atol + rtol * ||expected||``.

:func:`compare` walks nested lists and tuples with a path (``result[2]``), checks structure,
shape, dtype kind and finiteness with plain sentences, then the numbers. A failure raises
:class:`Mismatch` (the student's problem); misuse by a grader raises :class:`ComparisonError`
(a grader bug, never shown to a student as a 0). Every comparison returns or carries
:class:`Measurement` records: the error as a fraction of what the tolerance allows, the
evidence that tolerance calibration works from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .wire import Leaf, Unsupported


@dataclass(frozen=True, kw_only=True)
class Tolerance:
    rtol: float = 0.0
    atol: float = 0.0
    floor: float = 0.0
    norm: bool = False

    def __post_init__(self):
        for name in ("rtol", "atol", "floor"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < np.inf):
                raise ValueError(f"tolerance {name} must be a finite number >= 0, got {value!r}")

    def describe(self) -> str:
        if self.norm:
            return f"||got - expected|| <= {self.atol:g} + {self.rtol:g}*||expected||"
        parts = [f"{self.atol:g}"] if self.atol or not (self.floor or self.rtol) else []
        if self.floor:
            parts.append(f"{self.floor:g}*max|expected|")
        if self.rtol:
            parts.append(f"{self.rtol:g}*|expected|")
        return "|got - expected| <= " + " + ".join(parts)


@dataclass(frozen=True, eq=False)
class CurveRecord:
    """A curve comparison that reached the numbers (the student's value had the expected shape
    and was finite): the student's and the expected arrays and the rule, so that feedback can
    draw the student's curve over the band the rule allows. ``allowed`` is elementwise (the
    band's half-width at each entry); under a normwise rule it is the whole curve's allowance.
    A curve one entry too short or too long is recorded too (``passed`` False), with ``got`` at
    steps ``offset``, ``offset + 1``, ...: aligned where it best matches the expected one."""

    path: str
    got: np.ndarray
    expected: np.ndarray
    allowed: np.ndarray
    tolerance: Tolerance
    passed: bool
    offset: int = 0  # the step of got[0]: a curve of the wrong length is drawn aligned as its hint says


@dataclass(frozen=True)
class Measurement:
    """How much of its tolerance a comparison used: pass iff ratio <= 1."""

    label: str
    ratio: float


class Mismatch(AssertionError):
    """The student's value is wrong; the message says how, for the student."""

    def __init__(self, message: str, measurements: tuple[Measurement, ...] = ()):
        super().__init__(message)
        self.message = message
        self.measurements = measurements


class ComparisonError(Exception):
    """The grader asked for a comparison it cannot make (a bug in the grader)."""


# ----------------------------------------------------------------------------- entry point


def compare(got, expected, tol: Tolerance, *, path: str = "result", curve: bool = False,
            curves: list | None = None) -> list[Measurement]:
    """Compare a decoded student value with a trusted expected value; raise Mismatch if off.

    With ``curve=True`` and a ``curves`` list, each numeric comparison that reaches the numbers
    appends a :class:`CurveRecord` to it, pass or fail (before a Mismatch is raised).
    """
    measurements: list[Measurement] = []
    with np.errstate(all="ignore"):  # a student's value may be as large or small as a float goes
        _compare(got, expected, tol, path, curve, measurements, curves if curve else None)
    return measurements


def _compare(got, expected, tol, path, curve, out, curves=None):
    if isinstance(expected, (list, tuple)):
        _compare_sequence(got, expected, tol, path, curve, out, curves)
    elif isinstance(expected, (bool, np.bool_)):
        _compare_bool(got, bool(expected), path)
    elif isinstance(expected, (int, np.integer)):
        _compare_int(got, int(expected), path)
    elif isinstance(expected, (float, np.floating, np.ndarray)):
        expected_array = np.asarray(expected, dtype=np.float64)
        if curve:
            _check_curve_length(got, expected_array, tol, path, curves)
        got_array = numeric_array(got, expected_array.shape, path)
        out.append(_compare_numbers(got_array, expected_array, tol, path, curve, curves))
    else:
        raise ComparisonError(f"{path}: cannot compare with expected value of type {type(expected).__name__}")


def _compare_sequence(got, expected, tol, path, curve, out, curves=None):
    if not isinstance(got, (list, tuple)):
        raise Mismatch(f"{path}: expected a list or tuple of {len(expected)} items, got {describe(got)}.")
    if len(got) != len(expected):
        raise Mismatch(f"{path}: expected {len(expected)} items, got {len(got)}.")
    for i, (g, e) in enumerate(zip(got, expected)):
        _compare(g, e, tol, f"{path}[{i}]", curve, out, curves)


def _compare_bool(got, expected: bool, path):
    if not (isinstance(got, Leaf) and got.array.shape == () and got.array.dtype == bool):
        raise Mismatch(f"{path}: expected a bool (True or False), got {describe(got)}.")
    if bool(got.array) != expected:
        raise Mismatch(f"{path}: expected {expected}, got {bool(got.array)}.")


def _compare_int(got, expected: int, path):
    array = numeric_array(got, (), path)
    if array != expected:
        raise Mismatch(f"{path}: expected {expected}, got {format_number(float(array))}.")


# ----------------------------------------------------------------------------- structure


def describe(value) -> str:
    """A short description of a decoded value, never its repr."""
    if isinstance(value, (Leaf, Unsupported)):
        return value.describe()
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    return "nothing"


def stacked(value):
    """A (nested) list of numbers, or of numeric arrays of one shape, as one Leaf; else unchanged.

    Students may return vectors and matrices as Python lists (the course's conventions allow it).
    """
    if not isinstance(value, (list, tuple)) or not value:
        return value
    items = [stacked(v) for v in value]
    if all(isinstance(i, Leaf) and i.array.dtype.kind in "iuf" for i in items) \
            and len({i.array.shape for i in items}) == 1:
        return Leaf(np.stack([i.array for i in items]), "list")
    return value


def numeric_array(got, shape: tuple, path: str) -> np.ndarray:
    """The student's value as a finite float64 array of exactly ``shape``, or a Mismatch."""
    if tuple(shape):
        got = stacked(got)
    if not isinstance(got, Leaf) or got.array.dtype.kind not in "biuf" or got.array.dtype == bool:
        raise Mismatch(f"{path}: expected {_shape_words(shape)}, got {describe(got)}.")
    array = got.array.astype(np.float64)
    if array.shape != tuple(shape):
        raise Mismatch(f"{path}: expected {_shape_words(shape)}, got {describe(got)}.{_shape_hint(array.shape, shape)}")
    bad = ~np.isfinite(array)
    if bad.any():
        index = _index(np.argwhere(bad)[0]) if array.ndim else ""
        what = "NaN" if np.isnan(array[bad]).any() else "Inf"
        raise Mismatch(f"{path}: contains {int(bad.sum())} non-finite entries ({what}){' first at index ' + index if index else ''}.")
    return array


def _shape_words(shape) -> str:
    return "a scalar (a float or a 0-d array)" if tuple(shape) == () else f"an array of shape {tuple(shape)}"


def _shape_hint(got, expected) -> str:
    got, expected = tuple(got), tuple(expected)
    if len(got) == 2 and got[::-1] == expected:
        return " That is the transpose of the expected shape."
    if tuple(n for n in got if n != 1) == tuple(n for n in expected if n != 1):
        return " Same entries, but extra or missing axes of length 1: a (n,) vector is not an (n, 1) one."
    return ""


# ----------------------------------------------------------------------------- curves of the wrong length


#: (length difference, offset of the student's first entry, what that alignment means)
_ALIGNMENTS = [
    (-1, 1, "the initial value is left out? Entry 0 must be taken before any step (at the initial values), "
            "so a run of T steps has T + 1 entries."),
    (-1, 0, "the last step is left out? A run of T steps has T + 1 entries, from iterate 0 to iterate T."),
    (1, -1, "an extra entry before the initial value? Entry 0 must be taken at the initial values."),
    (1, 0, "one step too many? A run of T steps has T + 1 entries, from iterate 0 to iterate T."),
]


def _check_curve_length(got, expected: np.ndarray, tol: Tolerance, path: str, curves) -> None:
    """A finite numeric curve one entry too short or too long: a Mismatch with the alignment that
    fits it best as a hint, recorded (aligned) for plots. Anything else is left to the shape check."""
    got = stacked(got)
    if not (expected.ndim >= 1 and isinstance(got, Leaf) and got.array.dtype.kind in "iuf"
            and got.array.shape[1:] == expected.shape[1:] and abs(got.array.shape[0] - expected.shape[0]) == 1
            and np.all(np.isfinite(got.array))):
        return
    array = got.array.astype(np.float64)
    allowed = _allowed(expected, tol)
    difference = array.shape[0] - expected.shape[0]
    fits = [(_alignment_ratio(array, expected, allowed, offset), offset, meaning)
            for d, offset, meaning in _ALIGNMENTS if d == difference]
    ratio, offset, meaning = min(fits, key=lambda fit: fit[0])
    if curves is not None:
        curves.append(CurveRecord(path, array, expected, allowed, tol, False, offset))
    steps = f"{expected.shape[0]} entries" if expected.ndim == 1 else f"{expected.shape[0]} rows"
    lines = [f"{path}: expected {_shape_words(expected.shape)} ({steps}), got {describe(got)}."]
    if ratio <= 1:
        lines.append(f"  hint: your entries match the expected ones from step {max(offset, 0)} on, shifted: {meaning}")
    else:
        lines.append("  hint: a run of T steps has T + 1 entries: entry t at iterate t, entry 0 at the initial values.")
    raise Mismatch("\n".join(lines))


def _alignment_ratio(got, expected, allowed, offset: int) -> float:
    """error/allowed where the student's curve, starting at step ``offset``, overlaps the expected one."""
    start, stop = max(offset, 0), min(expected.shape[0], offset + got.shape[0])
    mine = got[start - offset:stop - offset]
    return _ratio(np.abs(mine - expected[start:stop]), np.broadcast_to(allowed, expected.shape)[start:stop])


def _allowed(expected: np.ndarray, tol: Tolerance) -> np.ndarray:
    """The rule's elementwise allowance (under a normwise rule, the whole allowance everywhere)."""
    if tol.norm:
        return np.full(expected.shape, tol.atol + tol.rtol * float(np.linalg.norm(expected)))
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return np.broadcast_to(tol.atol + tol.floor * scale + tol.rtol * np.abs(expected), expected.shape).copy()


# ----------------------------------------------------------------------------- numbers


def _compare_numbers(got: np.ndarray, expected: np.ndarray, tol: Tolerance, path: str, curve: bool,
                     curves: list | None = None) -> Measurement:
    if tol.norm:
        if curves is not None:
            allowed = tol.atol + tol.rtol * float(np.linalg.norm(expected))
            passed = float(np.linalg.norm(got - expected)) <= allowed
            curves.append(CurveRecord(path, got, expected, np.asarray(allowed), tol, passed))
        return _compare_normwise(got, expected, tol, path)
    allowed = _allowed(expected, tol)
    error = np.abs(got - expected)
    ratio = _ratio(error, allowed)
    measurement = Measurement(path, ratio)
    if curves is not None:
        curves.append(CurveRecord(path, got, expected, allowed, tol, ratio <= 1.0))
    if ratio <= 1.0:
        return measurement
    off = error > allowed
    lines = [f"{path}: {int(off.sum())} of {off.size} entries are off (allowed: {tol.describe()})."]
    if curve:
        lines.append(_first_step_off(got, expected, allowed, off))
    lines += _largest_errors(got, expected, error)
    lines += _hints(got, expected, allowed, curve)
    raise Mismatch("\n".join(lines), (measurement,))


def _compare_normwise(got, expected, tol, path) -> Measurement:
    error = float(np.linalg.norm(got - expected))
    allowed = tol.atol + tol.rtol * float(np.linalg.norm(expected))
    measurement = Measurement(path, _ratio(np.array(error), np.array(allowed)))
    if measurement.ratio <= 1.0:
        return measurement
    relative = error / max(float(np.linalg.norm(expected)), 1e-300)
    lines = [f"{path}: ||got - expected|| = {format_number(error)} ({format_number(relative)} relative), "
             f"allowed: {tol.describe()} = {format_number(allowed)}."]
    lines += _largest_errors(got, expected, np.abs(got - expected))
    lines += _hints(got, expected, _allowed(expected, tol), False)
    raise Mismatch("\n".join(lines), (measurement,))


def _ratio(error: np.ndarray, allowed: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(error == 0, 0.0, error / allowed)
    return float(np.max(ratios)) if ratios.size else 0.0


def _largest_errors(got, expected, error) -> list[str]:
    if got.ndim == 0:
        return [f"  got {format_number(got)}, expected {format_number(expected)}."]
    where = np.unravel_index(int(np.argmax(error)), error.shape)
    lines = [f"  greatest absolute difference {format_number(error[where])} at index {_index(where)}: "
             f"got {format_number(got[where])}, expected {format_number(expected[where])}."]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(expected != 0, error / np.abs(expected), np.where(error == 0, 0, np.inf))
    rwhere = np.unravel_index(int(np.argmax(relative)), relative.shape)
    if rwhere != where:
        lines.append(f"  greatest relative difference {format_number(relative[rwhere])} at index {_index(rwhere)}.")
    return lines


def _first_step_off(got, expected, allowed, off) -> str:
    t = int(np.argmax(off.reshape(off.shape[0], -1).any(axis=1)))
    band = np.broadcast_to(allowed, expected.shape)[t]
    if got.ndim == 1:
        return (f"  first step outside the band: t = {t} (got {format_number(got[t])}, "
                f"expected {format_number(expected[t])} ± {format_number(band)}).")
    return f"  first step outside the band: t = {t} (row {t})."


def _hints(got, expected, allowed, curve) -> list[str]:
    hints = []
    if got.size > 1 and not np.any(got) and np.any(expected):
        hints.append("your result is all zeros.")
    band = np.broadcast_to(allowed, expected.shape)
    if got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and np.all(np.abs(got.T - expected) <= band):
        hints.append("your result is the transpose of the expected one.")
    else:
        hints += _permuted_rows_hint(got, expected, band)
    factor = _common_factor(got, expected)
    if factor is not None:
        hint = _factor_hint(factor)
        if hint and (got.size > 1 or not hint.endswith("is off.")):
            hints.append(hint)
    if curve and got.shape[0] > 2:
        if np.all(np.abs(got[:-1] - expected[1:]) <= band[1:]):
            hints.append("your curve is one step ahead of the expected one: "
                         "entry t must be taken at iterate t, and entry 0 at the initial values.")
        elif np.all(np.abs(got[1:] - expected[:-1]) <= band[:-1]):
            hints.append("your curve lags the expected one by one step: entry t must be taken at iterate t.")
    return ["  hint: " + h for h in hints]


#: Above this many rows, no search for rows in another order.
PERMUTATION_ROWS = 1024


def _permuted_rows_hint(got, expected, band) -> list[str]:
    """A hint when the student's rows are the expected ones in another order."""
    if got.ndim != 2 or not 1 < got.shape[0] <= PERMUTATION_ROWS:
        return []
    close = np.all(np.abs(got[:, None, :] - expected[None, :, :]) <= band[None, :, :], axis=2)  # got i ~ expected j
    order = np.argmax(close, axis=1)
    if not close.any(axis=1).all() or len(set(order.tolist())) != len(order):
        return []
    i = int(np.argmax(order != np.arange(len(order))))
    return [f"your rows are the expected ones in another order (your row {i} is expected row {int(order[i])}): "
            f"check how rows are indexed (bits read most-significant first?)."]


def _common_factor(got, expected) -> float | None:
    """r if got is close to r * expected for a single r != 1, else None (also when the sums
    overflow: a student's value may be as large as a float goes)."""
    norm = float(np.vdot(expected, expected))
    r = float(np.vdot(got, expected)) / norm if norm else math.nan
    residual = float(np.linalg.norm(got - r * expected))
    if not (math.isfinite(r) and math.isfinite(norm) and math.isfinite(residual)):
        return None
    if abs(r) < 1e-6 or abs(r - 1) < 1e-3 or residual > 1e-3 * np.sqrt(norm) * max(abs(r), 1e-12):
        return None
    return r


def _factor_hint(r: float) -> str:
    known = {-1.0: "a sign error?", 2.0: "a missing factor 1/2?", 0.5: "an extra factor 1/2?",
             -2.0: "a sign error and a missing factor 1/2?", -0.5: "a sign error and an extra factor 1/2?"}
    for value, meaning in known.items():
        if abs(r - value) < 1e-3 * abs(value):
            return f"got ≈ {value:g} × expected: {meaning}"
    if abs(r) >= 2.5 and abs(r - round(r)) < 1e-3 * abs(r):
        return f"got ≈ {round(r)} × expected: a sum where a mean was meant, or a missing normalisation?"
    if abs(r) <= 0.4 and abs(1 / r - round(1 / r)) < 1e-3 / abs(r):
        return f"got ≈ expected / {round(1 / r)}: a mean where a sum was meant, or an extra normalisation?"
    n = _sample_size(r)
    if n is not None:
        return (f"got ≈ {n}/{n - 1} × expected: dividing by n - 1 = {n - 1} (a sample variance) where n = {n} "
                f"was meant?")
    if _sample_size(1 / r) is not None:
        n = _sample_size(1 / r)
        return f"got ≈ {n - 1}/{n} × expected: dividing by n = {n} where n - 1 = {n - 1} was meant?"
    return f"got ≈ {r:.4g} × expected: a constant factor is off."


#: The largest n whose ratio n / (n - 1) is named: beyond it the ratios are too close to tell apart.
MAX_SAMPLE_SIZE = 100


def _sample_size(r: float) -> int | None:
    """n in 3..MAX_SAMPLE_SIZE if r is n / (n - 1) (to 1e-6), else None (n = 2 is the factor 2)."""
    if not 1 + 1 / (MAX_SAMPLE_SIZE - 1) - 1e-6 <= r <= 1.5 + 1e-6:
        return None
    n = round(1 / (r - 1)) + 1
    return n if abs(r - n / (n - 1)) < 1e-6 * r else None


def _index(where) -> str:
    return "(" + ", ".join(str(int(i)) for i in where) + ")" if len(where) != 1 else f"{int(where[0])}"


def format_number(x) -> str:
    return f"{float(x):.6g}"
