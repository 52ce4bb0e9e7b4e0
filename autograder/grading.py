"""Grading one submission: every case of every function, each ending in a plain record.

The student's code is only ever reached through a :class:`~autograder.runner.StudentRunner`;
this module turns its call outcomes and the checks' verdicts into :class:`CaseResult` records,
which scoring, results files and reports work from.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .assignment import Assignment, GradedFunction
from .checks import CheckContext, StudentFailed
from .compare import Measurement, Mismatch
from .runner import Limits, StudentRunner
from .store import GradedCase


@dataclass(frozen=True)
class CaseResult:
    function: str
    case: str
    public: bool
    passed: bool
    message: str = ""
    measurements: tuple = ()  # (check name, Measurement)
    curves: tuple = ()  # (check name, CurveRecord): curve comparisons, for plots

    @property
    def name(self) -> str:
        return f"{self.function}: {self.case}"


@dataclass(frozen=True)
class FunctionResult:
    name: str
    points: float
    cases: tuple

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def shares(self) -> list:
        """Each case's share of the points, rounded, summing exactly to the function's points."""
        n = len(self.cases)
        share = round(self.points / n, 4) if n else 0.0
        return [share] * (n - 1) + [round(self.points - share * (n - 1), 4)] if n else []

    @property
    def score(self) -> float:
        return round(sum(share for share, case in zip(self.shares, self.cases) if case.passed), 4)


@dataclass(frozen=True)
class GradingReport:
    assignment: Assignment
    functions: tuple
    printed: str = ""
    load_error: str | None = None
    seconds: float = 0.0
    notes: tuple = field(default=())

    @property
    def score(self) -> float:
        return round(sum(f.score for f in self.functions), 4)

    @property
    def max_score(self) -> float:
        return sum(f.points for f in self.functions)

    @property
    def cases(self) -> list:
        return [c for f in self.functions for c in f.cases]


def grade(assignment: Assignment, submission: Path, graded_cases: dict) -> GradingReport:
    """Grade ``submission`` on ``graded_cases`` (function name -> [GradedCase])."""
    start = time.perf_counter()
    limits = Limits(import_seconds=assignment.import_time_limit, run_seconds=assignment.run_time_limit)
    with StudentRunner(submission, assignment.module_name, limits) as runner:
        call = _student_caller(assignment, runner, timed_out=set())
        functions = tuple(
            FunctionResult(f.name, f.points, tuple(_grade_case(f, g, call) for g in graded_cases[f.name]))
            for f in assignment.functions)
        printed, load_error = runner.printed(), runner.load_error
    return GradingReport(assignment, functions, printed=printed, load_error=load_error,
                         seconds=time.perf_counter() - start)


def _grade_case(function: GradedFunction, graded: GradedCase, call) -> CaseResult:
    case, outputs, failures, measurements, curves, mutated = graded.case, {}, [], [], [], []
    for check in function.spec.checks:
        if not check.applies_to(case):
            continue
        ctx = CheckContext(function=function.spec, case=case, call=partial(call, graded=function.name, mutated=mutated),
                           expected=graded.expected.get(check.name),
                           tol=function.tolerance(check.name), outputs=outputs)
        try:
            check.verify(ctx)
        except StudentFailed as failed:
            failures.append(failed.message)
            break  # the student's code failed; other checks would only repeat it
        except Mismatch as mismatch:
            failures.append(f"[{check.name}] {mismatch.message}")
            if not any(m.ratio > 1 for m in ctx.measurements):  # failed on structure, not numbers
                ctx.measurements.append(Measurement("structure", math.inf))
        measurements += [(check.name, m) for m in ctx.measurements]
        curves += [(check.name, c) for c in ctx.curves]
    failures += [f"{function.name}() modified its argument '{name}' (functions must not change their inputs)."
                 for name in dict.fromkeys(mutated)]
    return CaseResult(function.name, case.name, case.public, passed=not failures,
                      message="\n".join(failures), measurements=tuple(measurements), curves=tuple(curves))


def _student_caller(assignment: Assignment, runner: StudentRunner, timed_out: set):
    """ctx.call: run a student function, raising StudentFailed with a readable message.

    A function that timed out once is not called again: its other cases fail at once, so that
    one hanging function cannot spend the whole run's time budget.
    """
    def call(name: str, args: dict, graded: str, mutated: list):
        if name in timed_out:
            raise StudentFailed(f"{name}() not run: it timed out on an earlier case.")
        outcome = runner.call(name, args, timeout=assignment.function(name).time_limit)
        if outcome.timed_out:
            timed_out.add(name)
        if outcome.not_implemented:
            raise StudentFailed(f"{name}() is not implemented yet (it raises NotImplementedError).")
        if not outcome.ok:
            raise StudentFailed(f"{name}() failed: {outcome.error}")
        if name == graded:  # other functions' mutations are caught by their own cases
            mutated.extend(outcome.mutated)
        return outcome.value

    return call
