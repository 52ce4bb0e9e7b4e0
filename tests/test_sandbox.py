"""Hostile submissions, graded the way Gradescope grades them (as root where the tests run as
root): each earns what its honest functions earn and no more, results stay valid and genuine,
the run ends in bounded time, and no process or damage is left behind."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import PROJECT, reference_file, run_autograder

REFERENCE = reference_file("hw1").read_text()
FULL, CALL_LIMIT, IMPORT_LIMIT, RUN_LIMIT = 29.0, 3, 8, 30
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="needs root: without it the worker runs as the same user (as on a laptop)")


@pytest.fixture
def root(gradescope_root):
    """A Gradescope layout whose hw1 has short time limits, so that hostile runs end quickly."""
    config = gradescope_root / "source" / "assignments" / "hw1" / "assignment.yaml"
    text = re.sub(r"^(\s*)time_limit_s: \d+", rf"\g<1>time_limit_s: {CALL_LIMIT}", config.read_text(), flags=re.M)
    text = re.sub(r"^import_time_limit_s: \d+", f"import_time_limit_s: {IMPORT_LIMIT}", text, flags=re.M)
    config.write_text(re.sub(r"^run_time_limit_s: \d+", f"run_time_limit_s: {RUN_LIMIT}", text, flags=re.M))
    return gradescope_root


def grade(root: Path, source: str):
    (root / "submission" / "hw1.py").write_text(source)
    start = time.monotonic()
    completed, document = run_autograder(root, root / "source" / "run_autograder", "hw1", timeout=300)
    assert time.monotonic() - start < RUN_LIMIT + 60, "the run must end in bounded time"
    return completed, document


def function_scores(document) -> dict:
    scores = {}
    for test in document["tests"]:
        name = test["name"].split(":")[0]
        earned, possible = scores.get(name, (0.0, 0.0))
        scores[name] = (earned + test["score"], possible + test["max_score"])
    return scores


def assert_only_lost(document, *functions):
    lost = {name for name, (earned, possible) in function_scores(document).items() if earned < possible - 1e-9}
    assert lost == set(functions), document["output"]
    assert document["score"] == pytest.approx(sum(e for e, _ in function_scores(document).values()))


def messages(document, function) -> str:
    return "\n".join(t["output"] for t in document["tests"] if t["name"].startswith(function + ":"))


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@needs_root
def test_forged_results_files_change_nothing(root):
    forge = '{"score": 1000, "tests": []}'
    _, document = grade(root, REFERENCE + f"""
import os
def end_to_end(Ws):
    for folder in [{str(root / 'results')!r}, {str(root)!r}, os.getcwd(), "/tmp", "/autograder/results"]:
        for name in ["results.json", "../results/results.json"]:
            try:
                with open(os.path.join(folder, name), "w") as f:
                    f.write({forge!r})
            except OSError:
                pass
    print({forge!r})
    return None
""")
    assert_only_lost(document, "end_to_end")
    assert document["score"] == FULL - 1
    assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]


@needs_root
def test_the_reference_cannot_be_found_and_imported(root):
    _, document = grade(root, REFERENCE + f"""
import importlib.util, os
def _steal():
    places = [{str(root / 'source' / 'reference' / 'hw1.py')!r}, "/autograder/source/reference/hw1.py"]
    for top in ["/tmp", "/work", "/autograder", "/root"]:
        for folder, _, files in os.walk(top):
            places += [os.path.join(folder, f) for f in files if f == "hw1.py" and "reference" in folder]
    for place in places:
        try:
            spec = importlib.util.spec_from_file_location("stolen", place)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
        except Exception:
            pass
def parity_gradients(W, c, a, d):
    return _steal().parity_gradients(W, c, a, d)
""")
    assert_only_lost(document, "parity_gradients")
    assert function_scores(document)["parity_gradients"][0] == 0


def test_patching_comparisons_inside_the_worker_changes_nothing(root):
    _, document = grade(root, """
import numpy as np, torch, builtins, sys
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
torch.allclose = lambda *a, **k: True
for name, module in list(sys.modules.items()):
    if name.startswith("autograder"):
        for attribute in dir(module):
            if "compare" in attribute or "close" in attribute:
                setattr(module, attribute, lambda *a, **k: True)
def end_to_end(Ws):
    return np.zeros((Ws[-1].shape[0], Ws[0].shape[1]))
def deep_linear_loss(Ws, X, Y):
    return 0.0
""")
    assert document["score"] == 0


def test_return_values_that_run_code_when_converted_are_never_converted(root, tmp_path):
    marker = Path("/tmp") / f"pwned-{uuid.uuid4().hex}"
    _, document = grade(root, REFERENCE + f"""
import numpy as np
class Evil(np.ndarray):
    def __array__(self, *a, **k):
        open({str(marker)!r}, "w").write("array")
        return np.zeros(3)
    def __float__(self):
        open({str(marker)!r}, "w").write("float")
        return 0.0
    def __eq__(self, other):
        open({str(marker)!r}, "w").write("eq")
        return True
class EvilFloat(float):
    def __repr__(self):
        open({str(marker)!r}, "w").write("repr")
        return "0"
def end_to_end(Ws):
    return np.zeros((Ws[-1].shape[0], Ws[0].shape[1])).view(Evil)
def deep_linear_loss(Ws, X, Y):
    return EvilFloat(0.0)
""")
    assert_only_lost(document, "end_to_end", "deep_linear_loss")
    assert "an object of type" in messages(document, "end_to_end")
    assert not marker.exists()


def test_exits_at_import_and_in_functions(root):
    _, document = grade(root, "import sys\nsys.exit(0)\n" + REFERENCE)
    assert document["score"] == 0 and "sys.exit(0)" in document["output"]
    _, document = grade(root, REFERENCE + "import os\ndef parity_labels(Xb, v):\n    os._exit(1)\n")
    assert_only_lost(document, "parity_labels")


def test_an_infinite_loop_and_a_huge_allocation_cost_only_their_functions(root):
    _, document = grade(root, REFERENCE + """
import numpy as np, torch
def parity_labels(Xb, v):
    while True:
        pass
def end_to_end(Ws):
    return np.ones((60000, 60000))
def deep_linear_loss(Ws, X, Y):
    return torch.empty(10**12).sum()
""")
    assert_only_lost(document, "parity_labels", "end_to_end", "deep_linear_loss")
    assert f"time limit of {CALL_LIMIT} s" in messages(document, "parity_labels")
    assert "memory limit exceeded" in messages(document, "end_to_end")
    assert "memory limit exceeded" in messages(document, "deep_linear_loss")


def test_a_segfault_costs_only_its_function(root):
    _, document = grade(root, REFERENCE + "import ctypes\ndef end_to_end(Ws):\n    return ctypes.string_at(0)\n")
    assert_only_lost(document, "end_to_end")
    assert "SIGSEGV" in messages(document, "end_to_end")


def test_a_slow_import_fails_everything_in_bounded_time(root):
    _, document = grade(root, "import time\ntime.sleep(1000)\n" + REFERENCE)
    assert document["score"] == 0
    assert f"time limit of {IMPORT_LIMIT} s" in document["output"]


def test_hanging_functions_cost_only_themselves(root):
    hanging = ["end_to_end", "deep_linear_loss", "deep_linear_grads", "population_grads", "is_realizable"]
    _, document = grade(root, REFERENCE + "\n" + "\n".join(
        f"def {name}(*args):\n    while True:\n        pass" for name in hanging))
    assert_only_lost(document, *hanging)
    assert "timed out on an earlier case" in messages(document, "deep_linear_grads")


def test_every_call_hanging_still_ends_within_the_run_budget(root):
    _, document = grade(root, "import time\n" + "\n".join(
        f"def {name}(*args):\n    time.sleep(1000)" for name in ["end_to_end", "deep_linear_loss", "deep_linear_grads",
        "population_grads", "is_realizable", "train_deep_linear", "loss_hessian", "parity_labels",
        "parity_gradients", "gradient_variance", "sigmoid_layer_grad_norms"]))
    assert document["score"] == 0
    assert f"time budget of {RUN_LIMIT} s was used up" in messages(document, "sigmoid_layer_grad_norms")


def test_processes_left_behind_are_ended(root):
    marker = f"autograder-orphan-{uuid.uuid4().hex}"
    _, document = grade(root, REFERENCE + f"""
import os, subprocess
def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "600", {marker!r}])
        os._exit(0)
def parity_labels(Xb, v):
    _daemon()
    subprocess.Popen(["sleep", "601", {marker!r}], start_new_session=True)
    return 1.0 - 2.0 * ((Xb @ v) % 2)
""")
    assert document["score"] == FULL
    time.sleep(0.5)
    survivors = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                survivors.append(cmdline.parent.name)
        except OSError:
            pass
    assert not survivors


def test_a_flood_of_output_is_capped(root):
    _, document = grade(root, REFERENCE + """
import sys, os
for _ in range(200):
    print("x" * 100_000)
    sys.stderr.write("y" * 100_000)
_labels = parity_labels
def parity_labels(Xb, v):
    os.write(1, b"z" * 1_000_000)
    return _labels(Xb, v)
""")
    assert document["score"] == FULL
    assert len((root / "results" / "results.json").read_bytes()) < 200_000
    assert "truncated" in document["output"]


@needs_root
def test_deleting_files_damages_nothing_of_the_grader(root):
    before = tree_digest(root / "source")
    _, document = grade(root, REFERENCE + f"""
import os, shutil
def end_to_end(Ws):
    for target in [{str(root / 'source')!r}, {str(root / 'results')!r}, {str(root)!r}, "/autograder"]:
        shutil.rmtree(target, ignore_errors=True)
        for folder, _, files in os.walk(target):
            for f in files:
                try:
                    os.remove(os.path.join(folder, f))
                except OSError:
                    pass
    return None
""")
    assert_only_lost(document, "end_to_end")
    assert tree_digest(root / "source") == before
    assert (root / "submission" / "hw1.py").exists()


INTERRUPTED_DURING_A_FORK = """
import os, signal
from autograder import sandbox
class Stop(Exception):
    pass
def stop(*_):
    raise Stop()
signal.signal(signal.SIGINT, stop)
sent = []
os.register_at_fork(after_in_parent=lambda: sent or (sent.append(1), os.kill(os.getpid(), signal.SIGINT)))
try:
    sandbox._kill_every_process_of(54321)  # a user id no process has
except Stop:
    print("interrupted after the fork")
"""


def test_an_interrupt_that_comes_during_a_fork_is_raised_after_it():
    """Not inside Python's fork callbacks, where it would be printed as ignored and lost (an
    interrupted batch then said more than its one line, and went on)."""
    completed = subprocess.run([sys.executable, "-c", INTERRUPTED_DURING_A_FORK], capture_output=True, text=True,
                               cwd=PROJECT, timeout=60)
    assert completed.stdout.strip() == "interrupted after the fork" and completed.stderr == "", completed.stderr
