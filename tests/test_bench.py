"""The benchmark runs and ends with its JSON figures (their values are for the README, not
asserted: timings on shared machines are noise)."""
import json
import math
import subprocess
import sys

from autograder.assignment import known_assignments
from conftest import PROJECT


def test_the_benchmark_runs_and_prints_its_figures_as_json():
    out = subprocess.run([sys.executable, "benchmarks/bench.py", "--quick"], cwd=PROJECT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(figures["grade_ratios"]) == set(known_assignments())
    for key in ("grade_ratio_max", "batch_speedup", "batch_overhead_s", "peak_pss_mb", "fixed_cost_ratio",
                "dask_throughput_ratio", "dask_overhead_s"):
        assert isinstance(figures[key], (int, float)) and math.isfinite(figures[key]), key
    assert figures["grade_ratio_max"] == max(figures["grade_ratios"].values())
    assert figures["peak_pss_mb"] > 0 and figures["batch_size"] == 4
