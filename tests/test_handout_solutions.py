"""The handout gives no points away: no function it ships stands in for a graded function.

For every assignment the handout is built and every function defined at the top level of its
Python modules (the grader, the engine) is tried, as the student's implementation, in place of
each graded function with a matching number of arguments, on every case, hidden ones included.
None earns a case that a trivial answer (all zeros, all ones, the input unchanged) does not. The
candidates run in this process (they are the project's own code, not a student's); everything
else is graded as usual, from the stored expected values.
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.packaging import build_handout
from conftest import ASSIGNMENTS
from in_process import grade_functions, trivial_reports

#: Engine modules left out: they start, signal or place processes, or write files, and compute
#: nothing a graded function returns.
ENGINE_MODULES_LEFT_OUT = {"__main__.py", "batch.py", "class_report.py", "cli.py", "cpus.py", "dask_pool.py",
                           "export.py", "forkserver.py", "gradescope.py", "jobs.py", "local_pool.py",
                           "packaging.py", "procfs.py", "runner.py", "sandbox.py", "store.py", "worker.py"}


@dataclass(frozen=True)
class Candidate:
    module: Path
    name: str

    def __str__(self) -> str:
        return f"{self.module.name}:{self.name}"


def accepts(node: ast.FunctionDef, count: int) -> bool:
    """Whether the function can be called with ``count`` positional arguments and nothing else."""
    positional = len(node.args.posonlyargs + node.args.args)
    required_keywords = any(default is None for default in node.args.kw_defaults)
    fits = positional - len(node.args.defaults) <= count and (node.args.vararg is not None or count <= positional)
    return fits and not required_keywords


def top_level_functions(path: Path) -> list:
    return [node for node in ast.parse(path.read_text()).body if isinstance(node, ast.FunctionDef)]


def shipped_modules(folder: Path, assignment) -> list:
    """The handout's Python modules that could hold a stand-in: all but the starter file."""
    return [p for p in sorted(folder.rglob("*.py"))
            if p.name != assignment.file and not (p.parent.name == "autograder" and p.name in ENGINE_MODULES_LEFT_OUT)]


def candidates_by_function(folder: Path, assignment) -> dict:
    starter = {node.name: len(node.args.args) for node in top_level_functions(folder / assignment.file)}
    candidates = {name: [] for name in starter}
    for module in shipped_modules(folder, assignment):
        for node in top_level_functions(module):
            for name, arity in starter.items():
                if accepts(node, arity):
                    candidates[name].append(Candidate(module, node.name))
    return candidates


def load_module(path: Path):
    """The module at ``path``; the engine's are this project's own, whose files the handout copies."""
    if path.parent.name == "autograder":
        module = importlib.import_module(f"autograder.{path.stem}" if path.stem != "__init__" else "autograder")
        assert Path(module.__file__).read_bytes() == path.read_bytes()
        return module
    spec = importlib.util.spec_from_file_location(f"handout_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("assignment_name", ASSIGNMENTS)
def test_no_function_in_the_handout_earns_points(assignment_name, tmp_path):
    assignment = load_assignment(assignment_name)
    with zipfile.ZipFile(build_handout(assignment_name, tmp_path)) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / f"{assignment_name}-handout"
    candidates = candidates_by_function(folder, assignment)
    assert "grader.py" in {c.module.name for cs in candidates.values() for c in cs}
    modules = {p: load_module(p) for p in {c.module for cs in candidates.values() for c in cs}}
    trivial = {c.name for report in trivial_reports(assignment).values() for c in report.cases if c.passed}
    earned = []
    for round_ in range(max(map(len, candidates.values()))):
        chosen = {name: cs[round_] for name, cs in candidates.items() if round_ < len(cs)}
        report = grade_functions(assignment, {name: getattr(modules[c.module], c.name) for name, c in chosen.items()})
        earned += [f"{c.name} <- {chosen[c.function]}" for c in report.cases if c.passed and c.name not in trivial]
    assert not earned, "handout functions that earn points:\n" + "\n".join(earned)
