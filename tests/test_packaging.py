"""The Gradescope autograder zip and the students' handout zip, each used as it will be."""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.cli import main
from autograder.packaging import SUPPORTED_SYSTEMS, handout_readme
from autograder.results import validate
from conftest import PROJECT, SUBMISSIONS, reference_file, starter_file

BUGGY = reference_file("hw1").read_text() + "\n\n" + (SUBMISSIONS / "hw1" / "bugs" / "grads_sign_flip.py").read_text()


def clean_env(**extra) -> dict:
    """The environment without the project's overrides, as on Gradescope or a student's machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_") and k != "PYTHONPATH"}
    return {**env, **extra}


def extract(archive: Path, destination: Path) -> None:
    """Unzip keeping the permission bits, as `unzip` (and Gradescope) does."""
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            z.extract(info, destination)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(destination / info.filename, mode)


@pytest.fixture(scope="module")
def zips(tmp_path_factory):
    out = tmp_path_factory.mktemp("zips")
    assert main(["build", "hw1", "--out", str(out)]) == 0
    assert main(["handout", "hw1", "--out", str(out)]) == 0
    return out / "hw1-autograder.zip", out / "hw1-handout.zip"


def names(archive: Path) -> list:
    with zipfile.ZipFile(archive) as z:
        return z.namelist()


def hidden_case_names() -> set:
    a = load_assignment("hw1")
    return {c.name for f in a.functions for c in a.cases[f.name] if not c.public}


# ----------------------------------------------------------------------------- the autograder zip


def test_autograder_zip_holds_the_engine_this_assignment_and_its_reference_only(zips):
    archive, _ = zips
    listed = names(archive)
    for required in ["setup.sh", "run_autograder", "PACKAGED_ASSIGNMENT", "pyproject.toml", "autograder/cli.py",
                     "autograder/schema/gradescope-results.schema.json", "assignments/hw1/assignment.yaml",
                     "assignments/hw1/cases.py", "assignments/hw1/public_cases.json",
                     "assignments/hw1/graded_cases.json", "reference/hw1.py"]:
        assert required in listed
    assert {n.split("/")[0] for n in listed if "/" in n} == {"autograder", "assignments", "reference"}
    assert {n.split("/")[1] for n in listed if n.startswith("assignments/")} == {"hw1"}
    assert [n for n in listed if n.startswith("reference/")] == ["reference/hw1.py"]
    assert not [n for n in listed if "__pycache__" in n or n.endswith(".pyc") or n.startswith("tests/")]
    with zipfile.ZipFile(archive) as z:
        assert z.read("PACKAGED_ASSIGNMENT").decode().strip() == "hw1"
        assert (z.getinfo("run_autograder").external_attr >> 16) & 0o111


@pytest.mark.parametrize("source, score", [(reference_file("hw1").read_text(), 29), (BUGGY, 25)],
                         ids=["correct", "buggy"])
def test_autograder_zip_grades_in_a_gradescope_layout_with_no_assignment_given(zips, tmp_path, source, score):
    archive, _ = zips
    root = tmp_path / "autograder"
    extract(archive, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")  # as Gradescope does
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission" / "hw1.py").write_text(source)
    completed = subprocess.run([str(root / "run_autograder")], capture_output=True, text=True, timeout=600,
                               cwd=tmp_path, env=clean_env(AUTOGRADER_ROOT=str(root)))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    document = json.loads((root / "results" / "results.json").read_text())
    validate(document)
    assert document["score"] == score
    assert f"{score} / 29" in completed.stdout
    assert "computing the expected values now" not in completed.stderr, "the zip must grade from its store"


@pytest.mark.parametrize("command", ["build", "handout"])
def test_zips_are_not_built_from_stale_expected_values(tmp_path, monkeypatch, capsys, command):
    shutil.copytree(PROJECT / "assignments" / "hw1", tmp_path / "hw1", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("AUTOGRADER_ASSIGNMENTS", str(tmp_path))
    with open(tmp_path / "hw1" / "cases.py", "a") as f:
        f.write("\n# a new case, not frozen yet\n")
    assert main([command, "hw1", "--out", str(tmp_path / "out")]) != 0
    assert "autograder freeze hw1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- the handout


def test_handout_has_the_starter_public_cases_and_engine_but_nothing_hidden(zips):
    _, archive = zips
    listed = names(archive)
    top = "hw1-handout/"
    assert all(n.startswith(top) for n in listed)
    for required in ["hw1.py", "README.md", "pyproject.toml", "autograder/cli.py", "autograder/store.py",
                     "assignments/hw1/assignment.yaml", "assignments/hw1/grader.py",
                     "assignments/hw1/public_cases.json"]:
        assert top + required in listed
    assert {n for n in listed if n.startswith(top + "assignments/")} == {
        top + f"assignments/hw1/{name}" for name in ["assignment.yaml", "grader.py", "public_cases.json"]}
    assert not [n for n in listed if "reference/" in n or "__pycache__" in n or n.startswith(top + "tests")]
    reference = reference_file("hw1").read_bytes()
    hidden = hidden_case_names()
    with zipfile.ZipFile(archive) as z:
        assert z.read(top + "hw1.py") == starter_file("hw1").read_bytes()
        assert z.read(top + "pyproject.toml") == (PROJECT / "pyproject.toml").read_bytes()
        readme = z.read(top + "README.md").decode()
        assert "python3 -m venv" in readme and "pip install ." in readme and "autograder check hw1" in readme
        for name in listed:
            content = z.read(name)
            assert content != reference, name
            assert not [h for h in hidden if h in content.decode("utf-8", "replace")], name
        stored = json.loads(z.read(top + "assignments/hw1/public_cases.json"))
    assert not {entry["case"] for entries in stored["functions"].values() for entry in entries} & hidden


def fresh_venv_seeing_this_environment(venv: Path) -> Path:
    """A new virtual environment (its python returned) whose interpreter also sees the packages
    of the one running the tests (torch, NumPy, pip, setuptools: nothing is downloaded), whether
    that is the system Python or itself a virtual environment. (``--system-site-packages`` would
    show the base interpreter's packages instead.) Its own site-packages come first."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]]) if Path(p).is_dir()]
    (Path(own) / "tests-environment.pth").write_text("".join(f"{p}\n" for p in ours))
    return python


def test_handout_installs_in_a_fresh_venv_and_checks_from_the_students_folder(zips, tmp_path):
    _, archive = zips
    extract(archive, tmp_path)
    folder, venv = tmp_path / "hw1-handout", tmp_path / "venv"
    env = clean_env()
    python, autograder = fresh_venv_seeing_this_environment(venv), venv / "bin" / "autograder"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", "."],
                   cwd=folder, env=env, check=True, capture_output=True, timeout=300)
    imported = subprocess.run([str(python), "-c", "import autograder; print(autograder.__file__)"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert Path(imported.strip()).is_relative_to(venv), imported  # the installed copy, not this project

    starter = subprocess.run([str(autograder), "check", "hw1"], cwd=folder, env=env, capture_output=True, text=True)
    assert starter.returncode == 1, starter.stdout + starter.stderr
    assert "not implemented yet" in starter.stdout and "PASS" not in starter.stdout
    assert starter.stdout.count("FAIL") == len(load_assignment("hw1").functions)

    shutil.copy(reference_file("hw1"), folder / "hw1.py")
    correct = subprocess.run([str(autograder), "check", "hw1"], cwd=folder, env=env, capture_output=True, text=True)
    assert correct.returncode == 0, correct.stdout + correct.stderr
    assert "FAIL" not in correct.stdout and correct.stdout.count("PASS") == len(load_assignment("hw1").functions)


def test_the_handout_and_the_project_readme_agree_on_where_local_checks_run():
    handout = handout_readme(load_assignment("hw1"))
    project = " ".join((PROJECT / "README.md").read_text().split())
    assert SUPPORTED_SYSTEMS in handout and SUPPORTED_SYSTEMS in project
    assert "Scripts" not in handout and "Windows:" not in handout
