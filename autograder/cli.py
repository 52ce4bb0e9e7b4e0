"""The ``autograder`` command: grade, check, calibrate, freeze, gradescope."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .assignment import AssignmentError, load_assignment
from .versions import version_warnings


def main(argv: list | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except AssignmentError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=(
        "Grade deep-learning-theory assignments: student code runs in an isolated worker and is "
        "compared with reference outputs, autograd and the properties theory promises."))
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    grade = commands.add_parser("grade", help="grade one file on every case (staff)",
                                description="Grade FILE on all cases, public and hidden; print a summary "
                                            "and optionally write Gradescope results.")
    grade.add_argument("assignment", help="assignment name, e.g. hw1")
    grade.add_argument("file", type=Path, help="the student's file, e.g. hw1.py")
    grade.add_argument("--out", type=Path, help="write Gradescope results JSON here")
    grade.set_defaults(run=_grade)

    check = commands.add_parser("check", help="check your file on the public cases (students)",
                                description="Run the public cases against their stored expected outputs. "
                                            "Works without the reference solutions.")
    check.add_argument("assignment", help="assignment name, e.g. hw1")
    check.add_argument("file", type=Path, nargs="?", help="your file (default: ./<assignment file>, e.g. ./hw1.py)")
    check.set_defaults(run=_check)

    calibrate = commands.add_parser("calibrate", help="show how much of each tolerance submissions use (staff)",
                                    description="For each check, the worst error/allowed ratio of each submission: "
                                                "correct variants should be far below 1, buggy ones far above.")
    calibrate.add_argument("assignment")
    calibrate.add_argument("paths", nargs="+", help="submission files or folders of them")
    calibrate.add_argument("--base", type=Path, help="treat each file as a patch appended to this file")
    calibrate.set_defaults(run=_calibrate)

    freeze = commands.add_parser("freeze", help="store the public cases and their expected outputs (staff)",
                                 description="Recompute public_cases.json from the cases and the reference.")
    freeze.add_argument("assignment")
    freeze.set_defaults(run=_freeze)

    gradescope = commands.add_parser("gradescope", help="grade as Gradescope does (used by run_autograder)",
                                     description="Grade AUTOGRADER_ROOT/submission (default root /autograder) and "
                                                 "write AUTOGRADER_ROOT/results/results.json.")
    gradescope.add_argument("assignment", nargs="?", help="default: $AUTOGRADER_ASSIGNMENT or the packaged one")
    gradescope.set_defaults(run=_gradescope)
    return parser


def _grade(args) -> int:
    from .grading import grade
    from .report import grade_summary
    from .results import results_document, write_results
    from .store import live_cases

    assignment = load_assignment(args.assignment)
    _require_file(args.file)
    report = grade(assignment, args.file, live_cases(assignment))
    print(grade_summary(report))
    if args.out:
        write_results(results_document(report), args.out)
        print(f"results written to {args.out}")
    return 0


def _check(args) -> int:
    from .grading import grade
    from .report import check_report
    from .store import case_counts, stored_cases

    assignment = load_assignment(args.assignment)
    file = args.file or Path(assignment.file)
    _require_file(file)
    report = grade(assignment, file, stored_cases(assignment))
    print(check_report(report, case_counts(assignment), version_warnings()))
    return 0 if all(c.passed for c in report.cases) else 1


def _calibrate(args) -> int:
    from .calibrate import calibrate

    print(calibrate(load_assignment(args.assignment), args.paths, args.base))
    return 0


def _freeze(args) -> int:
    from .store import write_store

    assignment = load_assignment(args.assignment)
    write_store(assignment)
    print(f"wrote {assignment.store_path}")
    return 0


def _gradescope(args) -> int:
    from .gradescope import gradescope_root, run_gradescope

    run_gradescope(args.assignment, gradescope_root())
    return 0


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise AssignmentError(f"no file {path}")
