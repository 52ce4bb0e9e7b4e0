"""Lazy access to reference solutions, for graders' expected values.

``REF = reference_solution("hw1")`` in a grader module gives ``REF.end_to_end``, a callable that
imports ``reference/hw1.py`` only when first called. Students' handouts have no reference
folder: there the stored public expected outputs are used and these are never called.
"""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import lru_cache

from .paths import reference_dir


class ReferenceMissing(RuntimeError):
    """The reference solution is not available (for example in a student handout)."""


@dataclass(frozen=True)
class ReferenceFunction:
    module: str
    name: str

    def __call__(self, *args):
        return getattr(_load(self.module), self.name)(*args)

    def __str__(self) -> str:
        return f"reference {self.module}.{self.name}"


@dataclass(frozen=True)
class ReferenceSolution:
    module: str

    def __getattr__(self, name: str) -> ReferenceFunction:
        if name.startswith("__"):
            raise AttributeError(name)
        return ReferenceFunction(self.module, name)


def reference_solution(module: str) -> ReferenceSolution:
    return ReferenceSolution(module)


@lru_cache(maxsize=None)
def _load(module: str):
    path = reference_dir() / f"{module}.py"
    if not path.is_file():
        raise ReferenceMissing(f"no reference solution at {path}")
    spec = importlib.util.spec_from_file_location(f"reference_{module}", path)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded
    spec.loader.exec_module(loaded)
    return loaded
