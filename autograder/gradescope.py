"""The Gradescope entry point behind ``run_autograder``.

Layout under the root (``AUTOGRADER_ROOT``, default ``/autograder``): the submission in
``submission/``, the project in ``source/``, results in ``results/results.json``. Results are
always written: a missing file scores 0 with a message saying what was found instead, and a
failure of the grader itself scores 0 with "contact course staff" while the traceback goes to
standard output, which Gradescope shows to staff only.
"""
from __future__ import annotations

import os
import stat
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from .assignment import Assignment, AssignmentError, known_assignments, load_assignment
from .grading import grade
from .paths import PROJECT_ROOT
from .report import grade_summary
from .results import failure_document, reserve_results, results_document, write_results
from .store import graded_cases

PACKAGED_ASSIGNMENT_FILE = PROJECT_ROOT / "PACKAGED_ASSIGNMENT"
IGNORED_PARTS = {"__MACOSX", "__pycache__", ".git"}


def gradescope_root() -> Path:
    return Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))


def run_gradescope(assignment_name: str | None, root: Path) -> dict:
    """Grade ROOT/submission and write ROOT/results/results.json; return the document. The
    file's space is secured first: a submission that fills the disk cannot stop it being written."""
    results = root / "results" / "results.json"
    reserve_results(results)
    try:
        assignment = load_assignment(assignment_name or default_assignment())
        document, log = grade_folder(assignment, root / "submission", graded_cases(assignment))
        print(log)
    except Exception:  # noqa: BLE001 - the grader failed: the student sees 0 and "contact staff"
        traceback.print_exc()
        document = failure_document()
    write_results(document, results)
    return document


def grade_folder(assignment: Assignment, folder: Path, cases: dict) -> tuple:
    """(results document, staff log) for one submission folder: its file found
    (:func:`find_submission`) and graded on ``cases``, or a document saying it is missing."""
    found = find_submission(folder, assignment.file, assignment.directory / assignment.file)
    if found is None:
        document = missing_file_document(assignment, folder)
        return document, document["output"]
    report = grade(assignment, found.path, cases)
    report = replace(report, notes=report.notes + found.notes(folder))
    return results_document(report), grade_summary(report)


def default_assignment() -> str:
    """The assignment from AUTOGRADER_ASSIGNMENT, the packaged one, or the only one there is."""
    if os.environ.get("AUTOGRADER_ASSIGNMENT"):
        return os.environ["AUTOGRADER_ASSIGNMENT"]
    if PACKAGED_ASSIGNMENT_FILE.is_file():
        return PACKAGED_ASSIGNMENT_FILE.read_text().strip()
    names = known_assignments()
    if len(names) == 1:
        return names[0]
    raise AssignmentError(f"which assignment? Pass it as an argument or set AUTOGRADER_ASSIGNMENT (one of {names})")


@dataclass(frozen=True)
class SubmittedFile:
    """The file graded, and the other candidates that were not."""

    path: Path
    ignored: tuple = ()

    def notes(self, folder: Path) -> tuple:
        """What the results say about the choice, when there was one to make."""
        if not self.ignored and self.path.parent == folder:
            return ()
        graded = self.path.relative_to(folder)
        if not self.ignored:
            return (f"Graded {graded}.",)
        others = ", ".join(str(p.relative_to(folder)) for p in self.ignored)
        return (f"Graded {graded}; not graded: {others}. Of several candidates, the one graded is named exactly "
                f"{self.path.name} (else the same but for case), nearest the top of your submission, not a copy of "
                f"the starter file, and the most recently modified. To be sure, submit one {self.path.name} "
                f"at the top.",)


def find_submission(folder: Path, file_name: str, starter: Path | None = None) -> SubmittedFile | None:
    """The file to grade among the regular files named ``file_name`` (exactly, else but for case)
    in ``folder``: the one nearest the top; among several as near, one that is not the
    untouched ``starter``, then the most recently modified, then the first by name."""
    candidates = [p for p in _files_below(folder) if p.name.lower() == file_name.lower()]
    if not candidates:
        return None
    starter_bytes = starter.read_bytes() if starter is not None and starter.is_file() else None

    def rank(path: Path) -> tuple:
        return (path.name != file_name, len(path.relative_to(folder).parts),
                starter_bytes is not None and path.read_bytes() == starter_bytes, -path.stat().st_mtime, str(path))

    ranked = sorted(candidates, key=rank)
    return SubmittedFile(ranked[0], tuple(ranked[1:]))


def _files_below(folder: Path) -> list:
    """The regular files below ``folder`` (links are not followed), but for archive debris."""
    found = []
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in IGNORED_PARTS)
        found += [Path(directory) / name for name in sorted(files) if (Path(directory) / name).is_file()
                  and not (Path(directory) / name).is_symlink()]
    return found


def is_regular_file(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a regular file (not a link, a device, a FIFO) with no link on the way
    from ``folder`` to it: a submission is never followed anywhere else."""
    for step in (path, *path.relative_to(folder).parents[:-1]):
        step = step if step.is_absolute() else folder / step
        try:
            mode = os.lstat(step).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode) or (step == path and not stat.S_ISREG(mode)):
            return False
    return True


def missing_file_document(assignment: Assignment, folder: Path) -> dict:
    found = sorted(p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())[:20] if folder.is_dir() else []
    named = [str(p.relative_to(folder)) + ("" if is_regular_file(p, folder) else " (not a regular file: ignored)")
             for p in found]
    message = (f"We could not find {assignment.file} in your submission, so nothing was graded (score 0). "
               f"Submit your code as a file named exactly {assignment.file}; symbolic links, devices and "
               f"other special files are never graded. Files found: {', '.join(named) if named else 'none'}.")
    return {"score": 0.0, "output": message, "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
