"""Where grading runs: a grading process on one CPU, its fork server and workers on the others.

Left to itself, Linux starts a child on its parent's CPU and moves it only after a while, so a
grading process and the fork server starting beside it, or the worker computing one call while
the grader checks the previous answer, share one core while another idles. The command line
therefore pins its grading process to one CPU and the fork server (whose workers inherit it) to
the others, and a batch gives each of its grading processes, with its server and workers, a
CPU of its own (:func:`slot`). Grading used as a library (tests, notebooks) is left where it is.
Commands started together from one shell may pin their grading processes to the same CPU:
``autograder batch`` is the way to grade many submissions at once.
"""
from __future__ import annotations

import os

from .procfs import stat_fields


def available() -> frozenset:
    """The CPUs this process may run on (none where the platform cannot say)."""
    try:
        return frozenset(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return frozenset()


def count() -> int:
    """How many CPUs this process may use: those it is allowed, else the machine's."""
    return len(available()) or os.cpu_count() or 1


def slot(index: int) -> frozenset:
    """The CPU of a batch's ``index``-th grading process: one each, in turn, so that a batch of
    N jobs keeps to N CPUs (shared when they outnumber the CPUs)."""
    cpus = sorted(available())
    return frozenset({cpus[index % len(cpus)]}) if cpus else frozenset()


def split_with(child: int, cpus: frozenset) -> None:
    """Pin this process to one CPU of ``cpus`` (the one it is on, if it is one of them) and the
    process ``child`` to the others, or to that same one where there is no other."""
    if not cpus:
        return
    here = _current_cpu()
    mine = here if here in cpus else min(cpus)
    _set_affinity(child, cpus - {mine} or cpus)
    _set_affinity(0, frozenset({mine}))


def _set_affinity(pid: int, cpus: frozenset) -> None:
    if cpus:
        try:
            os.sched_setaffinity(pid, cpus)
        except (AttributeError, OSError):
            pass


def _current_cpu() -> int | None:
    """The CPU this process last ran on (field 39 of /proc/self/stat)."""
    fields = stat_fields("self")
    return int(fields[36]) if fields and len(fields) > 36 else None
