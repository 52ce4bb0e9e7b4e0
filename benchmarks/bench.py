"""Benchmark: what isolation costs, how batch grading scales, and peak memory.

Run as ``python benchmarks/bench.py`` (``--quick``: one run of each, tiny batches, to check
that it works). For each assignment, with its reference solution as the
submission, it measures side by side:

* the isolated grading time: the real ``autograder grade`` command, as a subprocess;
* the floor: the same command with no worker and no isolation, one interpreter that computes
  the same expected values and runs the same cases and checks with the student's functions
  called directly (the cost of the student's arithmetic plus one interpreter start);
  REPEATS runs of each, taken in turn, and more for a quick assignment, until its runs took
  PAIRS_SECONDS: the ratio is the median of the ratios of runs taken side by side (the speed of
  a shared machine drifts, so runs apart in time compare worse);
* the peak memory of the isolated run, summed over all its processes (PSS, from
  /proc/PID/smaps_rollup, sampled every 20 ms, in a run of its own: sampling slows what it samples);

and, for hw1, the batch time per submission with 1 and 2 jobs on an export of correct
submissions in the styles students write: a class of CLASS_SIZE (the JSON figures: staff
batches are hundreds) and the smallest set, SMALL_BATCH. The batch's floor is one interpreter
that grades the same submissions in-process, one after another, per submission. Last, the
engine's fixed cost (grading the untouched starter) against a bare interpreter that imports
NumPy and torch.
It also grades the class on a LocalCluster of 2 Dask workers (``--dask local``) against the
local pool with 2 jobs (``--dask-only``: just that, on CLASS_SIZE submissions).
The class's two comparisons (1 job against 2, the pool against Dask) each run in the order
A, B, B, A (the second, whose runs are shorter, DASK_ROUNDS times), and compare the means, so
that a drift of the machine's speed weighs on both sides.
It prints a table, then, as its last line, one JSON object with ``grade_ratio_max``,
``batch_speedup``, ``batch_overhead_s``, ``peak_pss_mb``, ``dask_throughput_ratio``,
``dask_overhead_s`` and the figures behind them.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from autograder import grading, wire  # noqa: E402
from autograder.assignment import known_assignments, load_assignment  # noqa: E402
from autograder.procfs import parent_pid  # noqa: E402
from autograder.runner import CallOutcome  # noqa: E402
from autograder.store import graded_cases  # noqa: E402

CLASS_SIZE, SMALL_BATCH = 200, 8
REPEATS = 7  # single runs: at least this many of each, floor and isolated taken in turn, and
PAIRS_SECONDS = 20  # more, for a quick assignment, until its pairs took this long (at most
MAX_REPEATS = 31  # this many): a median of more ratios drifts less with the machine's speed
DASK_ROUNDS = 2  # the pool against Dask: this many rounds of pool, Dask, Dask, pool
#: ``--quick`` (the test suite's check that the benchmark runs): one run each, batches of 2 and 4.
QUICK = {"repeats": 1, "pairs_seconds": 0, "small_batch": 2, "class_size": 4, "dask_rounds": 1}


@dataclass(eq=False)
class InProcessCall:
    function: str
    args: dict
    outcome: CallOutcome | None = None


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

    def submit(self, function, args, timeout=None):
        return InProcessCall(function, args)

    def result(self, call):
        """Called when the grader asks for it, as a worker with nothing queued ahead would."""
        if call.outcome is None:
            value = getattr(self.module, call.function)(*call.args.values())
            call.outcome = CallOutcome(value=wire.decode(json.loads(json.dumps(wire.encode(value)))))
        return call.outcome

    def separate(self) -> None:
        """Nothing to separate: the floor has no workers (the isolated grader's second worker,
        for the hidden cases, is part of what isolation costs)."""

    def printed(self) -> str:
        return ""


def floor_seconds(name: str, submissions: list) -> float:
    """The floor as a command: one interpreter that loads the assignment, reads the expected
    values as `autograder grade` does and runs the same cases and checks on each submission
    imported in-process."""
    return timed([sys.executable, __file__, "--in-process", name, *map(str, submissions)])


def in_process_seconds(assignment, submission: Path, cases) -> float:
    isolated = grading.StudentRunner
    grading.StudentRunner = InProcessRunner
    try:
        start = time.perf_counter()
        grading.grade(assignment, submission, cases)
        return time.perf_counter() - start
    finally:
        grading.StudentRunner = isolated


def timed(command: list) -> float:
    """Run a command; return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT, check=True)
    return time.perf_counter() - start


def peak_pss(command: list) -> float:
    """Run a command; return its peak PSS in MB, summed over it and its descendants. Sampling
    walks every process's page tables, so it runs apart from the timed runs."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT)
    peak, done = [0.0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)) / 1024)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak[0]


def _tree(root: int) -> list:
    parents = {int(name): parent_pid(name) for name in os.listdir("/proc") if name.isdigit()}
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


def batch_seconds(jobs: int, export: Path, out: Path, *options: str) -> float:
    """The real `autograder batch` command on the export, with ``jobs`` grading processes (or
    Dask workers, with ``--dask local``)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return timed([sys.executable, "-m", "autograder", "batch", "hw1", str(export),
                  "--out", str(out / "grades.csv"), "--jobs", str(jobs), "--no-progress", *options])


def batch_submissions(count: int) -> list:
    """Correct hw1 submissions in the styles students write (loops, NumPy float32, PyTorch float32
    with autograd, and the reference), cycled to ``count``."""
    styles = sorted((PROJECT / "tests" / "submissions" / "hw1").glob("*.py")) + [PROJECT / "reference" / "hw1.py"]
    return [styles[i % len(styles)] for i in range(count)]


def make_export(folder: Path, submissions: list) -> Path:
    lines = []
    for i, submission in enumerate(submissions):
        (folder / f"submission_{i}").mkdir(parents=True)
        shutil.copy(submission, folder / f"submission_{i}" / "hw1.py")
        lines.append(f"submission_{i}:\n  :submitters:\n  - :name: Student {i}\n    :sid: '{i}'\n"
                     f"    :email: s{i}@example.edu\n")
    (folder / "submission_metadata.yml").write_text("".join(lines))
    return folder


def batch_figures(count: int, scratch: Path, rounds: int) -> dict:
    """Seconds per submission: the batch with 1 and 2 jobs (in ``rounds`` of 1, 2, 2, 1; once
    each if none), and the in-process floor."""
    submissions = batch_submissions(count)
    export = make_export(scratch / f"export{count}", submissions)
    one, two = in_turn(*(lambda jobs=jobs: batch_seconds(jobs, export, scratch / f"out{count}-{jobs}") for jobs in (1, 2)),
                       rounds=rounds)
    return {"1": one / count, "2": two / count, "floor": floor_seconds("hw1", submissions) / count}


def dask_figures(count: int, scratch: Path, rounds: int) -> dict:
    """The batch on a LocalCluster of 2 Dask workers against the local pool with 2 jobs, on the
    same export (in ``rounds`` of pool, Dask, Dask, pool): Dask's throughput relative to the
    pool's, and what Dask adds per submission."""
    export = make_export(scratch / f"export-dask{count}", batch_submissions(count))
    pool, dask = (seconds / count for seconds in in_turn(
        lambda: batch_seconds(2, export, scratch / "out-pool"),
        lambda: batch_seconds(2, export, scratch / "out-dask", "--dask", "local"), rounds=rounds))
    return {"dask_throughput_ratio": round(pool / dask, 3), "dask_overhead_s": round(dask - pool, 4),
            "dask_batch_size": count, "dask_seconds_per_submission": round(dask, 4),
            "pool_seconds_per_submission": round(pool, 4)}


def in_turn(first, second, rounds: int = 1) -> tuple:
    """The mean seconds of ``first()`` and of ``second()``, run in ``rounds`` of first, second,
    second, first (once each, in that order, if ``rounds`` is 0)."""
    if not rounds:
        return first(), second()
    firsts, seconds = [], []
    for _ in range(rounds):
        firsts.append(first())
        seconds += [second(), second()]
        firsts.append(first())
    return statistics.mean(firsts), statistics.mean(seconds)


def grade_command(name: str, submission: Path) -> list:
    return [sys.executable, "-m", "autograder", "grade", name, str(submission)]


def paired_runs(name: str, submission: Path, repeats: int, pairs_seconds: float) -> list:
    """(floor, isolated) seconds of ``repeats`` runs of each, taken in turn, and of more while
    all of them took less than ``pairs_seconds`` (up to MAX_REPEATS)."""
    command = grade_command(name, submission)
    runs, start = [], time.perf_counter()
    while len(runs) < repeats or (time.perf_counter() - start < pairs_seconds and len(runs) < MAX_REPEATS):
        runs.append((floor_seconds(name, [submission]), timed(command)))
    return runs


def main(repeats: int = REPEATS, pairs_seconds: float = PAIRS_SECONDS, small_batch: int = SMALL_BATCH,
         class_size: int = CLASS_SIZE, dask_rounds: int = DASK_ROUNDS) -> None:
    # As setup.sh leaves an installation: the engine and the assignments compiled to bytecode.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "autograder", "assignments", "reference"], cwd=PROJECT,
                   check=True, stdout=subprocess.DEVNULL)
    rows, ratios, peaks = [], {}, []
    for name in known_assignments():
        submission = PROJECT / "reference" / f"{name}.py"
        runs = paired_runs(name, submission, repeats, pairs_seconds)
        floor, isolated = (statistics.median(run[i] for run in runs) for i in (0, 1))
        peak = peak_pss(grade_command(name, submission))
        ratios[name] = statistics.median(run[1] / run[0] for run in runs)
        peaks.append(peak)
        rows.append(f"{name:6} {isolated:8.2f} s {floor:14.2f} s {ratios[name]:11.2f} {peak:9.0f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        batches = {count: batch_figures(count, Path(scratch), rounds=int(count == class_size))
                   for count in (small_batch, class_size)}
        dask = dask_figures(class_size, Path(scratch), dask_rounds)
    starter = timed(grade_command("hw1", PROJECT / "assignments" / "hw1" / "hw1.py"))
    bare = timed([sys.executable, "-c", "import numpy, torch"])
    print("assignment  isolated   floor (in-process)   ratio   peak PSS")
    print("\n".join(rows))
    for count, figures in batches.items():
        print(f"batch of {count} (hw1), per submission: {figures['1']:.3f} s with 1 job, {figures['2']:.3f} s with "
              f"2 jobs ({figures['1'] / figures['2']:.2f}x); in-process {figures['floor']:.3f} s")
    print_dask(dask)
    print(f"fixed cost (grading the hw1 starter): {starter:.2f} s; bare interpreter importing NumPy and torch: "
          f"{bare:.2f} s ({starter / bare:.2f}x)")
    main_batch, small = batches[class_size], batches[small_batch]
    print(json.dumps({
        "grade_ratio_max": round(max(ratios.values()), 3), "grade_ratios": {k: round(v, 3) for k, v in ratios.items()},
        "batch_size": class_size, "batch_speedup": round(main_batch["1"] / main_batch["2"], 3),
        "batch_overhead_s": round(main_batch["1"] - main_batch["floor"], 3),
        "batch_seconds_per_submission": {k: round(v, 3) for k, v in main_batch.items()},
        "small_batch": {"size": small_batch, "speedup": round(small["1"] / small["2"], 3),
                        "overhead_s": round(small["1"] - small["floor"], 3)},
        "peak_pss_mb": round(max(peaks), 1), "starter_fixed_cost_s": round(starter, 3),
        "bare_import_s": round(bare, 3), "fixed_cost_ratio": round(starter / bare, 3), **dask}))


def print_dask(figures: dict) -> None:
    print(f"batch of {figures['dask_batch_size']} (hw1) on a LocalCluster of 2 Dask workers: "
          f"{figures['dask_seconds_per_submission']:.3f} s per submission against {figures['pool_seconds_per_submission']:.3f} s "
          f"with 2 jobs (throughput ratio {figures['dask_throughput_ratio']:.2f}, overhead "
          f"{1000 * figures['dask_overhead_s']:.0f} ms per submission)")


def dask_only(class_size: int = CLASS_SIZE) -> None:
    """``--dask-only``: just the Dask figures, with the JSON last."""
    with tempfile.TemporaryDirectory() as scratch:
        figures = dask_figures(class_size, Path(scratch), DASK_ROUNDS)
    print_dask(figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        assignment = load_assignment(sys.argv[2])
        cases = graded_cases(assignment)
        for path in sys.argv[3:]:
            in_process_seconds(assignment, Path(path), cases)
        os._exit(0)  # as the autograder command does: no teardown of torch
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--quick", action="store_true", help="one run of each, tiny batches: to check that it works")
    choice.add_argument("--dask-only", action="store_true", help="just the Dask figures")
    options = parser.parse_args()
    if options.dask_only:
        dask_only()
    else:
        main(**(QUICK if options.quick else {}))
