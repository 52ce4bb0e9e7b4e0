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
from pathlib import Path

from gradescope_utils.autograder_utils.files import check_submitted_files

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
        submission = find_submission(root / "submission", assignment.file)
        if submission is None:
            document = missing_file_document(assignment, root / "submission")
        else:
            report = grade(assignment, submission, graded_cases(assignment))
            print(grade_summary(report))
            document = results_document(report)
    except Exception:  # noqa: BLE001 - the grader failed: the student sees 0 and "contact staff"
        traceback.print_exc()
        document = failure_document()
    write_results(document, results)
    return document


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


def find_submission(folder: Path, file_name: str) -> Path | None:
    """The submitted file: at the top of the folder, else the shallowest match below it. Only
    regular files count, reached through no symbolic link (:func:`is_regular_file`)."""
    if not check_submitted_files([file_name], base=str(folder)) and is_regular_file(folder / file_name, folder):
        return folder / file_name
    candidates = [p for p in folder.rglob("*.py")
                  if is_regular_file(p, folder) and not IGNORED_PARTS & set(p.relative_to(folder).parts)]
    for matches in ([p for p in candidates if p.name == file_name],
                    [p for p in candidates if p.name.lower() == file_name.lower()]):
        if matches:
            return min(matches, key=lambda p: (len(p.parts), str(p)))
    return None


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
