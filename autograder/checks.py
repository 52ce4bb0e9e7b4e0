"""Checks: what a grader verifies about a student function on each case.

An assignment's ``grader.py`` lists, in ``FUNCTIONS``, one :class:`Function` per student
function with its checks. A check has three kinds:

* against the reference: ``matches(REF.fn)``;
* against autograd or another trusted computation: ``matches(some_trusted_fn, name="autograd")``;
* a property of the student's own outputs: ``Check(name=..., verify=...)``, whose ``verify``
  uses the :class:`CheckContext` (``ctx.output``, ``ctx.call``, ``ctx.compare``, ``ctx.require``).

A check's ``expected`` callable, if any, is trusted code called with the case's arguments; its
value is what ``ctx.expected`` holds (stored for public cases, so students can check without
the reference). Tolerances live in the assignment's YAML, under the check's name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .cases import Case
from .compare import CurveRecord, Measurement, Mismatch, Tolerance, compare, describe, format_number, numeric_array

#: The largest magnitude a property check takes from a student: beyond it, the check's own
#: arithmetic (squares, products, eigenvalues) could overflow, and no correct answer comes close.
MAX_MAGNITUDE = 1e150


@dataclass(frozen=True, kw_only=True)
class Check:
    """One named verification, run on every case of its function (or on those tagged ``when``)."""

    name: str
    verify: Callable[["CheckContext"], None]
    expected: Callable[..., Any] | None = None
    item: str | None = None
    needs_tolerance: bool = True
    when: str | None = None
    curve: bool = False  # compares curves (one entry per step): recorded for plots

    def applies_to(self, case: Case) -> bool:
        return self.when is None or self.when in case.tags


@dataclass(frozen=True)
class Function:
    """A student function: its name, the names of the items it returns (if a tuple), its checks."""

    name: str
    checks: tuple
    returns: tuple | None = field(default=None, kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "checks", tuple(self.checks))
        names = [c.name for c in self.checks]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate check names {names}")
        for check in self.checks:
            if check.item is not None and check.item not in (self.returns or ()):
                raise ValueError(f"{self.name}: check {check.name!r} selects item {check.item!r}, "
                                 f"which is not in returns={self.returns}")


def matches(expected: Callable[..., Any], *, name: str = "reference", item: str | None = None,
            curve: bool = False, when: str | None = None) -> Check:
    """The student's output (or its ``item``) equals ``expected(*args)`` within tolerance."""

    def verify(ctx: CheckContext) -> None:
        names = ctx.function.returns
        if item is None and names:  # the whole tuple: each item compared under its own name
            for name in names:
                ctx.compare(ctx.output_item(name), ctx.expected[names.index(name)], path=name, curve=curve)
        else:
            ctx.compare(ctx.output_item(item), ctx.expected, path=item or "result", curve=curve)

    return Check(name=name, verify=verify, expected=expected, item=item, when=when, curve=curve)


class StudentFailed(Mismatch):
    """A call to the student's code raised, timed out or returned something unusable."""


class CheckContext:
    """What a check sees: the case, the student's outputs, its expected value and tolerance."""

    def __init__(self, *, function: Function, case: Case, output: Callable[[], Any], call: Callable,
                 expected: Any = None, tol: Tolerance | None = None):
        self.function = function
        self.case = case
        self.expected = expected
        self.tol = tol
        self._output = output
        self._call = call
        self.measurements: list[Measurement] = []
        self.curves: list[CurveRecord] = []  # curve comparisons that reached the numbers

    @property
    def args(self) -> dict:
        return self.case.args

    @property
    def output(self):
        """The student's return value for this case (called once per case, then reused)."""
        return self._output()

    def output_item(self, item: str | None):
        output = self.output
        returns = self.function.returns
        if item is None:
            return output
        if not isinstance(output, (list, tuple)) or len(output) != len(returns):
            raise Mismatch(f"expected a tuple ({', '.join(returns)}), got {describe(output)}.")
        return output[returns.index(item)]

    def call(self, function: str, *args):
        """Call any student function; a failure ends the check with the failure's message."""
        return self._call(function, {f"argument {i + 1}": a for i, a in enumerate(args)})

    def compare(self, got, expected, *, path: str = "result", curve: bool = False, tol: Tolerance | None = None):
        try:
            self.measurements += compare(got, expected, tol or self.tol, path=path, curve=curve,
                                         curves=self.curves)
        except Mismatch as mismatch:
            self.measurements += mismatch.measurements
            raise

    def number(self, got, path: str = "result") -> float:
        """The student's value as a finite float, or a Mismatch saying why not."""
        return float(self.array(got, (), path))

    def array(self, got, shape: tuple, path: str = "result") -> np.ndarray:
        """The student's value as a finite float64 array of ``shape``, of a size a property
        check's own arithmetic cannot overflow on, or a Mismatch saying why not."""
        array = numeric_array(got, tuple(shape), path)
        largest = float(np.max(np.abs(array))) if array.size else 0.0
        if largest > MAX_MAGNITUDE:
            raise Mismatch(f"{path}: has an entry of magnitude {format_number(largest)}; "
                           f"no answer this check accepts is anywhere near that large.")
        return array

    def require_at_most(self, value: float, bound: float, slack: float, what: str) -> None:
        """Property: value <= bound + slack. Records the excess over bound in units of slack."""
        excess = value - bound
        ratio = 0.0 if excess <= 0 else (excess / slack if slack > 0 else np.inf)
        self.measurements.append(Measurement(what, float(ratio)))
        if not excess <= slack:
            raise Mismatch(f"{what}: {format_number(value)}, above the allowed {format_number(bound)}"
                           f"{f' (+ {format_number(slack)} slack)' if slack else ''}.")

    def fail(self, message: str) -> None:
        raise Mismatch(message)
