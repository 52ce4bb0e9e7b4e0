"""The ``autograder`` command: grade, check, calibrate, freeze, gradescope, batch, build, handout."""
from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path

from . import cpus
from .errors import AssignmentError
from .paths import assignment_config, assignment_yaml


INTERRUPTED = 130  # the exit code of a command stopped by SIGINT or SIGTERM, as shells report it


def run() -> None:
    """The console entry point: :func:`main`, then a quick exit.

    Everything a command writes is closed by the time it returns, so the interpreter's teardown
    of torch and NumPy (a few tenths of a second) is skipped once the fork server is ended.
    """
    from . import forkserver

    try:
        code = main(early_server=True)
    except BrokenPipeError:  # whoever read our output stopped reading (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    forkserver.shutdown()
    if code == INTERRUPTED:
        sys.exit(code)  # multiprocessing's exit handlers release what the interrupted pool held
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list | None = None, *, early_server: bool = False) -> int:
    """Run one command. With ``early_server`` (the console entry point), a command that grades
    starts its fork server as soon as its arguments are known to be good (see
    :func:`_ready_to_grade`); nothing else ever starts one."""
    args = _parser().parse_args(argv)
    args.early_server = early_server
    try:
        return args.run(args)
    except AssignmentError as error:
        print(f"autograder: {error}", file=sys.stderr)
        return 2


def _ready_to_grade(args) -> None:
    """Called by each command that grades once its arguments are known to be good, and before it
    imports the grading modules (NumPy among them): from the console entry point, the fork server
    starts now (:func:`_start_grading_process`), its start overlapping those imports."""
    if args.early_server:
        _start_grading_process()


def _start_grading_process() -> None:
    """Start the fork server now, so that its start overlaps with loading the assignment.

    Where this process has the fixed hash seed workers get (``run_autograder`` sets it), it runs
    single-threaded and the server is a fork of it once it has imported NumPy, before it loads
    anything of the assignment: no second interpreter start, no second NumPy import. Otherwise
    the server is a fresh interpreter (see :func:`autograder.forkserver.may_fork_server`). This
    process and the server then run on CPUs apart (:mod:`autograder.cpus`)."""
    from . import forkserver
    from .sandbox import SINGLE_THREADED

    if not sys.flags.hash_randomization:
        os.environ.update(SINGLE_THREADED)
        import numpy  # noqa: F401 - imported once, here, for the fork server too
    forkserver.prestart(cpus=cpus.available())


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
    check.add_argument("--plots", type=Path, metavar="DIR",
                       help="also write a PNG per curve check and public case into DIR: your curve (loss, "
                            "gradient norms, iterates) over the band the tolerance allows, the first step "
                            "off the band marked")
    check.set_defaults(run=_check)

    calibrate = commands.add_parser("calibrate", help="show how much of each tolerance submissions use (staff)",
                                    description="For each check, the worst error/allowed ratio of each submission: "
                                                "correct variants should be far below 1, buggy ones far above.")
    calibrate.add_argument("assignment")
    calibrate.add_argument("paths", nargs="+", help="submission files or folders of them")
    calibrate.add_argument("--base", type=Path, help="treat each file as a patch appended to this file")
    calibrate.set_defaults(run=_calibrate)

    freeze = commands.add_parser("freeze", help="store the expected outputs of the cases (staff)",
                                 description="Recompute public_cases.json (for students) and graded_cases.json (every case, for staff "
                                             "grading) from the cases and the reference.")
    freeze.add_argument("assignment")
    freeze.set_defaults(run=_freeze)

    gradescope = commands.add_parser("gradescope", help="grade as Gradescope does (used by run_autograder)",
                                     description="Grade AUTOGRADER_ROOT/submission (default root /autograder) and "
                                                 "write AUTOGRADER_ROOT/results/results.json.")
    gradescope.add_argument("assignment", nargs="?", help="default: $AUTOGRADER_ASSIGNMENT or the packaged one")
    gradescope.set_defaults(run=_gradescope)

    batch = commands.add_parser("batch", help="grade a whole Gradescope export in parallel (staff)",
                                description="Grade every submission_<id>/ folder of a Gradescope export (with its "
                                            "submission_metadata.yml) in parallel. Writes the CSV (one row per "
                                            "submitter: ids, score, points per function, a message) and, beside it, "
                                            "results/<id>.json (what Gradescope would get) and results/<id>.log (what "
                                            "it would show staff), then prints a summary. Submissions that already "
                                            "have results/<id>.json are not graded again unless --force.")
    batch.add_argument("assignment", help="assignment name, e.g. hw1")
    batch.add_argument("export", type=Path, help="the unzipped Gradescope export folder")
    batch.add_argument("--out", type=Path, required=True, help="the CSV to write, e.g. grades.csv")
    batch.add_argument("--jobs", type=_positive_int, default=cpus.count(),
                       help="submissions graded at once (default: the number of CPUs, %(default)s here)")
    batch.add_argument("--force", action="store_true", help="regrade submissions that already have results")
    batch.add_argument("--dask", metavar="ADDRESS",
                       help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), or 'local' "
                            "for a LocalCluster of --jobs worker processes (needs: pip install .[dask])")
    batch.add_argument("--time-limit", type=_positive_float, metavar="SECONDS",
                       help="cap every per-call time limit of assignment.yaml at SECONDS (quick trial runs, tests)")
    batch.add_argument("--submission-timeout", type=_positive_float, metavar="SECONDS",
                       help="stop grading one submission after SECONDS, scoring it 0 with 'contact staff' "
                            "(a safety net for the grader itself; default 900)")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.add_argument("--report", type=Path, metavar="HTML",
                       help="also write a class report for staff (one self-contained HTML page: score "
                            "histogram, functions and checks failed, links to each submission's results)")
    batch.set_defaults(run=_batch)

    class_report = commands.add_parser("class-report", help="write the class report of a batch again (staff)",
                                       description="Write the HTML class report from an existing batch output: "
                                                   "the CSV and the results/ folder beside it.")
    class_report.add_argument("csv", type=Path, help="the CSV a batch wrote, e.g. grades.csv")
    class_report.add_argument("--out", type=Path, required=True, metavar="HTML", help="the page to write")
    class_report.add_argument("--title", help="the page's title (default: the CSV's name)")
    class_report.set_defaults(run=_class_report)

    zips = {
        "build": ("make the autograder zip to upload to Gradescope (staff)", "build_autograder",
                  "Write DIR/<assignment>-autograder.zip: setup.sh and run_autograder at its root, the engine, this "
                  "assignment and its reference solution, pyproject.toml and PACKAGED_ASSIGNMENT (so "
                  "run_autograder needs no argument)."),
        "handout": ("make the students' handout zip (staff)", "build_handout",
                    "Write DIR/<assignment>-handout.zip: the starter file, the public cases and grader declarations, "
                    "the engine for `autograder check`, pyproject.toml and install instructions. Never the "
                    "reference solution nor the hidden cases."),
    }
    for name, (summary, builder, description) in zips.items():
        command = commands.add_parser(name, help=summary, description=description)
        command.add_argument("assignment", help="assignment name, e.g. hw1")
        command.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the zip in")
        command.set_defaults(run=partial(_write_zip, builder))
    return parser


def _grade(args) -> int:
    assignment_yaml(args.assignment)
    _require_file(args.file, "give the path of the file to grade")
    _ready_to_grade(args)
    from .grading import grade
    from .report import grade_summary
    from .results import results_document, write_results
    from .store import graded_cases

    assignment = load_assignment(args.assignment)
    report = grade(assignment, args.file, graded_cases(assignment))
    if args.out:  # before anything is printed: a closed output must not lose the results
        write_results(results_document(report), args.out)
    print(grade_summary(report))
    if args.out:
        print(f"results written to {args.out}")
    return 0


def _check(args) -> int:
    file = args.file or Path(assignment_config(args.assignment)["file"])
    _require_file(file, f"run `autograder check {args.assignment}` from the folder that holds it, or pass its "
                        f"path: `autograder check {args.assignment} path/to/{file.name}`")
    _ready_to_grade(args)
    from .grading import grade
    from .report import check_report
    from .store import case_counts, stored_cases
    from .versions import version_warnings

    assignment = load_assignment(args.assignment)
    report = grade(assignment, file, stored_cases(assignment))
    print(check_report(report, case_counts(assignment), version_warnings()))
    if args.plots:
        from .plots import write_plots

        written = write_plots(report, args.plots)
        print(f"\n{len(written)} curve plot{'s' if len(written) != 1 else ''} written to {args.plots}"
              + ("" if written else " (no curve reached the comparison: fix the failures above first)"))
    return 0 if all(c.passed for c in report.cases) else 1


def _calibrate(args) -> int:
    from .calibrate import calibrate

    print(calibrate(load_assignment(args.assignment), args.paths, args.base))
    return 0


def _freeze(args) -> int:
    from .store import write_store

    for path in write_store(load_assignment(args.assignment)):
        print(f"wrote {path}")
    return 0


def _gradescope(args) -> int:
    _ready_to_grade(args)
    from .gradescope import gradescope_root, run_gradescope

    run_gradescope(args.assignment, gradescope_root())
    return 0


def _batch(args) -> int:
    from .batch import run_batch
    from .export import ExportError

    if args.dask:
        _require_dask()
    try:
        print(run_batch(args.assignment, args.export, args.out, jobs=args.jobs, force=args.force,
                        time_limit=args.time_limit,
                        submission_timeout=args.submission_timeout,
                        progress=not args.no_progress, dask=args.dask))
    except ExportError as error:
        raise AssignmentError(str(error)) from None
    except KeyboardInterrupt:
        print("autograder: interrupted; run the same command again to grade the rest", file=sys.stderr)
        return INTERRUPTED
    if args.report:
        from .class_report import write_class_report

        title = load_assignment(args.assignment).title
        print(f"class report: {write_class_report(args.out, args.report, title)}")
    return 0


def _require_dask() -> None:
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise AssignmentError("--dask needs Dask's distributed scheduler: pip install '.[dask]' in the project "
                              "(it is not part of the student handout or of Gradescope's setup)")


def _class_report(args) -> int:
    from .class_report import write_class_report

    _require_file(args.csv, "pass the CSV that `autograder batch` wrote (its --out)")
    print(f"class report: {write_class_report(args.csv, args.out, args.title)}")
    return 0


def _write_zip(builder: str, args) -> int:
    from . import packaging

    print(f"wrote {getattr(packaging, builder)(args.assignment, args.out)}")
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def load_assignment(name: str):
    from .assignment import load_assignment as load

    return load(name)


def _require_file(path: Path, what_to_do: str) -> None:
    if not path.is_file():
        where = "" if path.is_absolute() else f" (in {Path.cwd()})"
        raise AssignmentError(f"no file {path}{where}: {what_to_do}.")
