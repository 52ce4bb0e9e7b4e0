"""Loading an assignment: its YAML, its grader module and (where present) its cases module.

An assignment is a folder ``assignments/<name>/`` with:

* ``assignment.yaml``: title, the file students submit, time limits (per call, for the import,
  and for the whole run), and per function its points and the tolerance of each check (by
  check name);
* ``grader.py``: ``FUNCTIONS``, a list of :class:`autograder.checks.Function`;
* ``cases.py``: one generator of :class:`autograder.cases.Case` per function (not shipped
  in students' handouts);
* ``public_cases.json``: the public cases with their expected outputs, and
  ``graded_cases.json``: every case with its expected outputs, for staff only (see :mod:`store`);
* the starter file.

Everything is validated when it loads, so that a mistake in a declaration is reported to staff
with its cause, not halfway through grading a student.
"""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .cases import Case
from .checks import Function
from .compare import Tolerance
from .errors import AssignmentError
from .paths import assignment_config, assignments_dir

MIN_PUBLIC_CASES, MIN_HIDDEN_CASES = 1, 2


@dataclass(frozen=True)
class GradedFunction:
    spec: Function
    points: float
    time_limit: float
    tolerances: dict

    @property
    def name(self) -> str:
        return self.spec.name

    def tolerance(self, check_name: str) -> Tolerance | None:
        return self.tolerances.get(check_name)


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    file: str
    directory: Path
    functions: tuple
    import_time_limit: float
    run_time_limit: float

    @property
    def module_name(self) -> str:
        return Path(self.file).stem

    @property
    def max_score(self) -> float:
        return sum(f.points for f in self.functions)

    @property
    def store_path(self) -> Path:
        return self.directory / "public_cases.json"

    @property
    def graded_store_path(self) -> Path:
        return self.directory / "graded_cases.json"

    def function(self, name: str) -> GradedFunction:
        return next(f for f in self.functions if f.name == name)

    @cached_property
    def cases(self) -> dict:
        """Every case (public and hidden) per function name, built by the cases module."""
        module = _import_file(self.directory / "cases.py", f"{self.name}_cases")
        built = {}
        for function in self.functions:
            builder = getattr(module, function.name, None)
            if builder is None:
                raise AssignmentError(f"{self.name}/cases.py has no case generator {function.name}()")
            built[function.name] = _validated_cases(function.name, list(builder()))
        return built


def known_assignments() -> list:
    return sorted(p.parent.name for p in assignments_dir().glob("*/assignment.yaml"))


def load_assignment(name: str) -> Assignment:
    directory = assignments_dir() / name
    config = assignment_config(name)
    grader = _import_file(directory / "grader.py", f"{name}_grader")
    specs = {f.name: f for f in getattr(grader, "FUNCTIONS", [])}
    declared = config.get("functions") or {}
    if set(specs) != set(declared):
        raise AssignmentError(f"{name}: functions in assignment.yaml {sorted(declared)} and in grader.py "
                              f"{sorted(specs)} differ")
    functions = tuple(_graded_function(specs[fn], entry or {}, config, name) for fn, entry in declared.items())
    return Assignment(name=name, title=str(config.get("title", name)), file=str(config["file"]),
                      directory=directory, functions=functions,
                      import_time_limit=float(config.get("import_time_limit_s", 60)),
                      run_time_limit=float(config.get("run_time_limit_s", 420)))


def _graded_function(spec: Function, entry: dict, config: dict, assignment: str) -> GradedFunction:
    where = f"{assignment}: {spec.name}"
    points = entry.get("points")
    if not isinstance(points, (int, float)) or points <= 0:
        raise AssignmentError(f"{where}: points must be a positive number, got {points!r}")
    raw = entry.get("tolerances") or {}
    needed = {c.name for c in spec.checks if c.needs_tolerance}
    if needed - set(raw):
        raise AssignmentError(f"{where}: assignment.yaml gives no tolerance for checks {sorted(needed - set(raw))}")
    if set(raw) - {c.name for c in spec.checks}:
        raise AssignmentError(f"{where}: tolerances for unknown checks {sorted(set(raw) - {c.name for c in spec.checks})}")
    try:
        tolerances = {check: Tolerance(**values) for check, values in raw.items()}
    except (TypeError, ValueError) as error:
        raise AssignmentError(f"{where}: bad tolerance: {error}") from None
    time_limit = float(entry.get("time_limit_s", config.get("time_limit_s", 30)))
    return GradedFunction(spec=spec, points=float(points), time_limit=time_limit, tolerances=tolerances)


def _validated_cases(function: str, cases: list) -> tuple:
    if not all(isinstance(c, Case) for c in cases):
        raise AssignmentError(f"{function}: case generators must yield Case objects")
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise AssignmentError(f"{function}: duplicate case names in {names}")
    public = sum(c.public for c in cases)
    if public < MIN_PUBLIC_CASES or len(cases) - public < MIN_HIDDEN_CASES:
        raise AssignmentError(f"{function}: needs at least {MIN_PUBLIC_CASES} public and {MIN_HIDDEN_CASES} "
                              f"hidden cases, has {public} and {len(cases) - public}")
    return tuple(cases)


def _import_file(path: Path, name: str):
    if not path.is_file():
        raise AssignmentError(f"missing {path}")
    module_name = f"autograder_assignment_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
