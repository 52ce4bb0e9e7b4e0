"""The library versions Gradescope grades with, and warnings when a local install differs."""
from __future__ import annotations

from importlib import metadata

#: Must equal the pins in pyproject.toml (a test keeps them in step).
GRADESCOPE_VERSIONS = {"numpy": "2.2.6", "torch": "2.13.0"}


def installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def version_warnings() -> list:
    warnings = []
    for package, pinned in GRADESCOPE_VERSIONS.items():
        installed = installed_version(package)
        if installed is None:
            warnings.append(f"{package} is not installed; Gradescope uses {package}=={pinned}.")
        elif installed.split("+")[0] != pinned:
            warnings.append(f"you have {package} {installed}, Gradescope uses {pinned}: "
                            f"numbers may differ slightly (pip install {package}=={pinned}).")
    return warnings
