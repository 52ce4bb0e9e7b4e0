"""/proc/PID/stat (Linux), read with bare system calls: the grader reads it several times a submission."""
from __future__ import annotations

import os


def stat_fields(pid: int | str) -> list | None:
    """The fields of /proc/PID/stat that follow the process's name (which may hold spaces and
    parentheses), so that field N of proc(5) is at index N - 3; None if it cannot be read."""
    try:
        descriptor = os.open(f"/proc/{pid}/stat", os.O_RDONLY)
    except OSError:
        return None
    try:
        stat = os.read(descriptor, 1024)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return stat[stat.rfind(b")") + 2:].split()


def parent_pid(pid: int | str) -> int | None:
    fields = stat_fields(pid)
    return int(fields[1]) if fields and len(fields) > 1 else None
