"""Benchmark: what isolation costs, how batch grading scales, and peak memory.

Run as ``python benchmarks/bench.py``. For each assignment, with its reference solution as the
submission, it measures side by side:

* the isolated grading time: the real ``autograder grade`` command, as a subprocess;
* the floor: the same command with no worker and no isolation, one interpreter that computes
  the same expected values and runs the same cases and checks with the student's functions
  called directly (the cost of the student's arithmetic plus one interpreter start);
* the peak memory of the isolated run, summed over all its processes (PSS, from
  /proc/PID/smaps_rollup, sampled every 20 ms);

and, for hw1, the batch time per submission with 1 and 2 jobs on an export of 8 correct
submissions in the styles students write (their mean in-process time is the batch's floor),
and the engine's fixed cost (grading the untouched starter) against a bare interpreter that
imports NumPy and torch.
It prints a table, then, as its last line, one JSON object with ``grade_ratio_max``,
``batch_speedup``, ``batch_overhead_s``, ``peak_pss_mb`` and the figures behind them.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from autograder import grading, wire  # noqa: E402
from autograder.assignment import known_assignments, load_assignment  # noqa: E402
from autograder.runner import CallOutcome  # noqa: E402
from autograder.store import live_cases  # noqa: E402

BATCH_SIZE = 8


class InProcessRunner:
    """The floor: the submission imported here, its functions called directly."""

    def __init__(self, submission: Path, module_name: str, limits=None):
        spec = importlib.util.spec_from_file_location(f"bench_{module_name}", submission)
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)
        self.load_error = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def call(self, function, args, timeout=None):
        value = getattr(self.module, function)(*args.values())
        return CallOutcome(value=wire.decode(json.loads(json.dumps(wire.encode(value)))))

    def printed(self) -> str:
        return ""


def floor_seconds(name: str, submission: Path) -> float:
    """The floor as a command: one interpreter that loads the assignment, computes the expected
    values and runs the same cases and checks on the submission imported in-process."""
    seconds, _ = timed_with_peak_pss([sys.executable, __file__, "--in-process", name, str(submission)])
    return seconds


def in_process_seconds(assignment, submission: Path, cases) -> float:
    isolated = grading.StudentRunner
    grading.StudentRunner = InProcessRunner
    try:
        start = time.perf_counter()
        grading.grade(assignment, submission, cases)
        return time.perf_counter() - start
    finally:
        grading.StudentRunner = isolated


def timed_with_peak_pss(command: list) -> tuple:
    """Run a command; return (seconds, peak PSS in MB summed over it and its descendants)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT)
    peak, done = [0.0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)) / 1024)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak[0]


def _tree(root: int) -> list:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(text[text.rfind(")") + 2:].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def batch_seconds(jobs: int, export: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    seconds, _ = timed_with_peak_pss([sys.executable, "-m", "autograder", "batch", "hw1", str(export),
                                      "--out", str(out / "grades.csv"), "--jobs", str(jobs), "--no-progress"])
    return seconds


def batch_submissions() -> list:
    """Correct hw1 submissions in the styles students write (loops, NumPy float32, PyTorch float32
    with autograd, and the reference), cycled to BATCH_SIZE."""
    styles = sorted((PROJECT / "tests" / "submissions" / "hw1").glob("*.py")) + [PROJECT / "reference" / "hw1.py"]
    return [styles[i % len(styles)] for i in range(BATCH_SIZE)]


def make_export(folder: Path) -> Path:
    lines = []
    for i, submission in enumerate(batch_submissions()):
        (folder / f"submission_{i}").mkdir(parents=True)
        shutil.copy(submission, folder / f"submission_{i}" / "hw1.py")
        lines.append(f"submission_{i}:\n  :submitters:\n  - :name: Student {i}\n    :sid: '{i}'\n"
                     f"    :email: s{i}@example.edu\n")
    (folder / "submission_metadata.yml").write_text("".join(lines))
    return folder


def main() -> None:
    rows, ratios, peaks = [], {}, []
    for name in known_assignments():
        submission = PROJECT / "reference" / f"{name}.py"
        floor = floor_seconds(name, submission)
        isolated, peak = timed_with_peak_pss([sys.executable, "-m", "autograder", "grade", name, str(submission)])
        ratios[name] = isolated / floor
        peaks.append(peak)
        rows.append(f"{name:6} {isolated:8.2f} s {floor:14.2f} s {ratios[name]:11.2f} {peak:9.0f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        export = make_export(Path(scratch) / "export")
        one, two = (batch_seconds(jobs, export, Path(scratch) / f"out{jobs}") for jobs in (1, 2))
    starter, _ = timed_with_peak_pss([sys.executable, "-m", "autograder", "grade", "hw1",
                                      str(PROJECT / "assignments" / "hw1" / "hw1.py")])
    bare, _ = timed_with_peak_pss([sys.executable, "-c", "import numpy, torch"])
    hw1, hw1_cases = load_assignment("hw1"), live_cases(load_assignment("hw1"))
    hw1_floor = sum(in_process_seconds(hw1, path, hw1_cases) for path in batch_submissions()) / BATCH_SIZE
    print("assignment  isolated   floor (in-process)   ratio   peak PSS")
    print("\n".join(rows))
    print(f"batch of {BATCH_SIZE} (hw1): {one / BATCH_SIZE:.2f} s per submission with 1 job, "
          f"{two / BATCH_SIZE:.2f} s with 2 jobs; in-process {hw1_floor:.2f} s per submission")
    print(f"fixed cost (grading the hw1 starter): {starter:.2f} s; bare interpreter importing NumPy and torch: "
          f"{bare:.2f} s ({starter / bare:.2f}x)")
    print(json.dumps({
        "grade_ratio_max": round(max(ratios.values()), 3), "grade_ratios": {k: round(v, 3) for k, v in ratios.items()},
        "batch_speedup": round(one / two, 3), "batch_overhead_s": round(one / BATCH_SIZE - hw1_floor, 3),
        "batch_seconds_per_submission": {"1": round(one / BATCH_SIZE, 3), "2": round(two / BATCH_SIZE, 3)},
        "peak_pss_mb": round(max(peaks), 1), "starter_fixed_cost_s": round(starter, 3),
        "bare_import_s": round(bare, 3), "fixed_cost_ratio": round(starter / bare, 3)}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        assignment = load_assignment(sys.argv[2])
        in_process_seconds(assignment, Path(sys.argv[3]), live_cases(assignment))
        os._exit(0)  # as the autograder command does: no teardown of torch
    main()
