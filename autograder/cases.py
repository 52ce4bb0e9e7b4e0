"""Cases: the inputs a student function is graded on, built from fixed seeds in trusted code.

An assignment's ``cases.py`` has one generator per student function, named after it, that
yields :class:`Case` objects. Public cases are visible at once and stored with the handout
(inputs and expected outputs); hidden ones are shown after the due date and never shipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Case:
    """One graded call: ``name`` is shown to students as ``function: name``.

    ``args`` maps the function's parameter names, in signature order, to the inputs (NumPy
    float64 arrays, Python scalars and strings, lists of arrays). ``tags`` select the checks
    that apply only to some cases (a check's ``when``).
    """

    name: str
    args: dict = field(kw_only=True)
    public: bool = field(default=False, kw_only=True)
    tags: frozenset = field(default=frozenset(), kw_only=True)

    def __post_init__(self):
        if not self.name or ":" in self.name:
            raise ValueError(f"case name {self.name!r} must be non-empty and contain no ':'")
        object.__setattr__(self, "tags", frozenset(self.tags))


def rng(seed: int) -> np.random.Generator:
    """The random generator every case builder uses, so that cases are reproducible."""
    return np.random.default_rng(seed)
