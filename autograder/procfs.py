"""/proc (Linux): a process's parent (PID/stat, read with bare system calls: the grader reads it several
times a submission) and the processes of a user (PID/status)."""
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


def pids_of_user(uid: int) -> list:
    """The processes running as ``uid`` (real, effective or saved user id; /proc/PID/status,
    which a process cannot hide from its owner's view by making itself non-dumpable)."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit() and uid in _user_ids(name):
            pids.append(int(name))
    return pids


def _user_ids(pid: str) -> tuple:
    """Its real, effective and saved user ids; none for a zombie (it is gone but for its parent's wait)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"State:") and line.split()[1:2] == [b"Z"]:
                    return ()
                if line.startswith(b"Uid:"):
                    return tuple(int(n) for n in line.split()[1:4])
    except (OSError, ValueError):
        pass
    return ()
