"""Where the project's folders are: next to the package, or where the environment says."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def assignments_dir() -> Path:
    return Path(os.environ.get("AUTOGRADER_ASSIGNMENTS", PROJECT_ROOT / "assignments"))


def reference_dir() -> Path:
    return Path(os.environ.get("AUTOGRADER_REFERENCE", PROJECT_ROOT / "reference"))


def schema_path() -> Path:
    return Path(__file__).resolve().parent / "schema" / "gradescope-results.schema.json"
