"""Grading one submission: every case of every function, each ending in a plain record.

The student's code is only ever reached through a :class:`~autograder.runner.StudentRunner`;
this module turns its call outcomes and the checks' verdicts into :class:`CaseResult` records,
which scoring, results files and reports work from.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from .assignment import Assignment, GradedFunction
from .checks import CheckContext, StudentFailed
from .compare import Measurement, Mismatch
from .runner import Limits, PendingCall, StudentRunner
from .store import GradedCase


#: The check of a failure that is the call's own: an exception, a timeout, a modified argument.
CALL_FAILED = "(the call itself)"


@dataclass(frozen=True)
class Failure:
    """Why a case failed: which check (or CALL_FAILED), and the message for the student."""

    check: str
    message: str

    @property
    def text(self) -> str:
        return self.message if self.check == CALL_FAILED else f"[{self.check}] {self.message}"


@dataclass(frozen=True)
class CaseResult:
    function: str
    case: str
    public: bool
    passed: bool
    failures: tuple = ()  # Failure records, in the order the checks ran
    measurements: tuple = ()  # (check name, Measurement)
    curves: tuple = ()  # (check name, CurveRecord): curve comparisons, for plots

    @property
    def name(self) -> str:
        return f"{self.function}: {self.case}"

    @property
    def message(self) -> str:
        return "\n".join(failure.text for failure in self.failures)


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
    printed: str = ""  # while the public cases ran
    printed_hidden: str = ""  # while the hidden cases ran: shown only with them
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


#: Cases whose student output is asked for ahead of the case being checked: the worker computes
#: them while the grader checks (both cores busy, where there are two).
CALLS_AHEAD = 2


def grade(assignment: Assignment, submission: Path, graded_cases: dict) -> GradingReport:
    """Grade ``submission`` on ``graded_cases`` (function name -> [GradedCase]): the public cases
    first, then the hidden ones in a fresh worker, so that nothing the hidden cases' inputs
    could teach the submission reaches what it prints or raises on public cases."""
    start = time.perf_counter()
    limits = Limits(import_seconds=assignment.import_time_limit, run_seconds=assignment.run_time_limit)
    plan = [(f, g) for f in assignment.functions for g in graded_cases[f.name]]
    results, printed = {}, {}
    with StudentRunner(submission, assignment.module_name, limits) as runner:
        student = _Student(assignment, runner)
        for public in (True, False):
            part = [(i, f, g) for i, (f, g) in enumerate(plan) if g.case.public is public]
            printed[public] = ""
            if part:
                runner.separate()
                results.update((i, _grade_case(function, graded, student, output))
                               for i, function, graded, output in _outputs_ahead(part, student))
                printed[public] = runner.printed()
        load_error = runner.load_error
    cases = [results[i] for i in sorted(results)]
    functions = tuple(FunctionResult(f.name, f.points, tuple(r for r in cases if r.function == f.name))
                      for f in assignment.functions)
    return GradingReport(assignment, functions, printed=printed[True], printed_hidden=printed[False],
                         load_error=load_error, seconds=time.perf_counter() - start)


def _outputs_ahead(plan: list, student: "_Student"):
    """Each (index, function, graded case) of ``plan`` with the PendingCall of its output,
    submitted CALLS_AHEAD cases before the case is checked."""
    outputs = {}  # plan position -> PendingCall, until its case is checked
    for k, (index, function, graded) in enumerate(plan):
        for j in range(k, min(k + 1 + CALLS_AHEAD, len(plan))):
            if j not in outputs:
                outputs[j] = student.submit(plan[j][1].name, dict(plan[j][2].case.args))
        yield index, function, graded, outputs.pop(k)


def _grade_case(function: GradedFunction, graded: GradedCase, student: "_Student", output: PendingCall) -> CaseResult:
    case, failures, measurements, curves, mutated = graded.case, [], [], [], []
    output = cache(partial(student.value, output, graded=function.name, mutated=mutated))
    for check in function.spec.checks:
        if not check.applies_to(case):
            continue
        ctx = CheckContext(function=function.spec, case=case, output=output,
                           call=partial(student.call, graded=function.name, mutated=mutated),
                           expected=graded.expected.get(check.name), tol=function.tolerance(check.name))
        try:
            check.verify(ctx)
        except StudentFailed as failed:
            failures.append(Failure(CALL_FAILED, failed.message))
            break  # the student's code failed; other checks would only repeat it
        except Mismatch as mismatch:
            failures.append(Failure(check.name, mismatch.message))
            if not any(m.ratio > 1 for m in ctx.measurements):  # failed on structure, not numbers
                ctx.measurements.append(Measurement("structure", math.inf))
        measurements += [(check.name, m) for m in ctx.measurements]
        curves += [(check.name, c) for c in ctx.curves]
    failures += [Failure(CALL_FAILED, f"{function.name}() modified its argument '{name}' (functions must not "
                                      f"change their inputs).") for name in dict.fromkeys(mutated)]
    return CaseResult(function.name, case.name, case.public, passed=not failures,
                      failures=tuple(failures), measurements=tuple(measurements), curves=tuple(curves))


class _Student:
    """The student's functions as checks see them: values, or StudentFailed with a readable message."""

    def __init__(self, assignment: Assignment, runner: StudentRunner):
        self.assignment = assignment
        self.runner = runner

    def submit(self, name: str, args: dict) -> PendingCall:
        return self.runner.submit(name, args, timeout=self.assignment.function(name).time_limit)

    def call(self, name: str, args: dict, graded: str, mutated: list):
        """ctx.call: run a student function now."""
        return self.value(self.submit(name, args), graded, mutated)

    def value(self, pending: PendingCall, graded: str, mutated: list):
        """A submitted call's return value; the names of the arguments it modified go to
        ``mutated`` when it is the graded function (other functions' are caught by their own cases)."""
        outcome = self.runner.result(pending)
        if outcome.not_implemented:
            raise StudentFailed(f"{pending.function}() is not implemented yet (it raises NotImplementedError).")
        if not outcome.ok:
            raise StudentFailed(f"{pending.function}() failed: {outcome.error}")
        if pending.function == graded:
            mutated.extend(outcome.mutated)
        return outcome.value
