"""Grading generated submissions in this process: each graded function is a given callable
(trusted code of this project, never a student's), the others are not implemented. The values
go through the wire format as a worker's would; everything else is graded as usual, from the
stored expected values, and every results document is validated against the schema."""
from __future__ import annotations

import ast
import copy
import json
import warnings
from dataclasses import dataclass
from unittest import mock

import numpy as np

from autograder import grading, wire
from autograder.results import results_document, validate
from autograder.runner import CallOutcome
from autograder.reference import reference_solution
from autograder.store import graded_cases


@dataclass(eq=False)
class Call:
    function: str
    args: dict
    outcome: CallOutcome | None = None


class DelegatingRunner:
    """Stands in for a StudentRunner whose submission defines ``functions`` (name -> callable)."""

    def __init__(self, functions: dict):
        self.functions = functions
        self.load_error = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def submit(self, function, args, timeout=None):
        return Call(function, args)

    def result(self, call: Call) -> CallOutcome:
        if call.outcome is None:
            call.outcome = self._run(call)
        return call.outcome

    def _run(self, call: Call) -> CallOutcome:
        if call.function not in self.functions:
            return CallOutcome(error="NotImplementedError", not_implemented=True)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = self.functions[call.function](*copy.deepcopy(list(call.args.values())))
            return CallOutcome(value=wire.decode(json.loads(json.dumps(wire.encode(value)))))
        except Exception as error:  # noqa: BLE001 - a callable that cannot stand in fails its call, as a student's would
            return CallOutcome(error=f"{type(error).__name__}: {error}")

    def separate(self) -> None:
        """Nothing to separate: the callables run here, and print nothing the grader reads."""

    def printed(self) -> str:
        return ""


def grade_functions(assignment, functions: dict):
    """The report of a submission made of ``functions`` (name -> callable)."""
    runner = DelegatingRunner(functions)
    with mock.patch.object(grading, "StudentRunner", lambda *args, **kwargs: runner):
        report = grading.grade(assignment, assignment.directory / assignment.file, graded_cases(assignment))
    validate(results_document(report))
    return report


# ----------------------------------------------------------------------------- trivial answers


def filled(value, fill):
    """``value``'s structure (lists, tuples, arrays, numbers, bools) with every entry ``fill``."""
    if isinstance(value, (list, tuple)):
        return type(value)(filled(v, fill) for v in value)
    if isinstance(value, np.ndarray):
        return np.full(value.shape, fill, dtype=value.dtype)
    return type(value)(fill)


#: Functions whose correct answer is their first argument: returning it is not a trivial answer.
IDENTITIES = {("hw0", "jacobian_linear")}  # d(Ax)/dx = A


def trivial_answers(assignment) -> dict:
    """label -> submission (name -> callable): answers in the reference's shapes that know
    nothing: all zeros (False), all ones (True), and the inputs unchanged (for a tuple with items
    named after arguments, those arguments, ``w_new`` <- ``w``, ``Ws`` <- ``Ws0``, and zeros for
    the other items; else the first argument)."""
    reference = reference_solution(assignment.name)
    parameters = starter_parameters(assignment)

    def like_reference(name, fill):
        return lambda *args: filled(getattr(reference, name)(*args), fill)

    def unchanged(function):
        sources = [_namesake(item, parameters[function.name]) for item in function.spec.returns or ()]
        if not any(i is not None for i in sources):
            return lambda *args: args[0]
        zeros = like_reference(function.name, 0)
        return lambda *args: tuple(zero if i is None else args[i] for i, zero in zip(sources, zeros(*args)))

    functions = assignment.functions
    return {"all zeros": {f.name: like_reference(f.name, 0) for f in functions},
            "all ones": {f.name: like_reference(f.name, 1) for f in functions},
            "inputs unchanged": {f.name: unchanged(f) for f in functions if (assignment.name, f.name) not in IDENTITIES}}


def _namesake(item: str, parameters: list):
    """The index of the parameter an output item of that name would be if unchanged, or None."""
    for name in (item, item.removesuffix("_new"), item + "0"):
        if name in parameters:
            return parameters.index(name)
    return None


def starter_parameters(assignment) -> dict:
    """function name -> its parameter names, from the starter file."""
    tree = ast.parse((assignment.directory / assignment.file).read_text())
    return {node.name: [a.arg for a in node.args.args] for node in tree.body if isinstance(node, ast.FunctionDef)}


def trivial_reports(assignment) -> dict:
    """label -> the report of that trivial submission."""
    return {label: grade_functions(assignment, functions) for label, functions in trivial_answers(assignment).items()}
