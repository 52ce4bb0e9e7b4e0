"""Reading a Gradescope export: ``submission_metadata.yml`` and one folder per submission.

The metadata is keyed by folder name (``submission_<id>``); Gradescope writes Ruby symbols as
keys (``:submitters:``, ``:name:``, ``:sid:``, ``:email:``), which YAML reads as strings such as
``':submitters'``: the colons are stripped here. Ruby type tags (``!ruby/...``), which some
exports carry, are read as plain mappings, lists and strings. A folder without metadata, or
metadata without a folder, is still a submission (the second has no file to grade).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

METADATA_FILE = "submission_metadata.yml"
FOLDER_PATTERN = re.compile(r"submission_([A-Za-z0-9_.-]+)")


class ExportError(Exception):
    """The folder is not a readable Gradescope export."""


@dataclass(frozen=True)
class Submitter:
    name: str = ""
    sid: str = ""
    email: str = ""


@dataclass(frozen=True)
class Submission:
    id: str  # Gradescope's submission id: the folder name without "submission_"
    folder: Path
    submitters: tuple = ()  # of Submitter; a group submission has several


def read_export(export_dir: Path) -> list:
    """Every submission of the export, sorted by id (numerically where the ids are numbers)."""
    export_dir = Path(export_dir)
    if not export_dir.is_dir():
        raise ExportError(f"no folder {export_dir}")
    metadata = read_metadata(export_dir / METADATA_FILE)
    folders = {p.name for p in export_dir.iterdir() if p.is_dir() and FOLDER_PATTERN.fullmatch(p.name)}
    names = sorted(set(metadata) | folders, key=_sort_key)
    if not names:
        raise ExportError(f"{export_dir} is not a Gradescope export: no {METADATA_FILE} and no submission_<id> folders")
    return [Submission(id=FOLDER_PATTERN.fullmatch(name).group(1), folder=export_dir / name,
                       submitters=_submitters(metadata.get(name)))
            for name in names]


def read_metadata(path: Path) -> dict:
    """folder name -> its metadata with plain keys (``'submitters'``, ...); {} if there is no file."""
    if not path.is_file():
        return {}
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_MetadataLoader) or {}
    except yaml.YAMLError as error:
        raise ExportError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise ExportError(f"{path}: expected submissions keyed by folder name, got {type(document).__name__}")
    bad = [str(k) for k in document if not FOLDER_PATTERN.fullmatch(str(k))]
    if bad:
        raise ExportError(f"{path}: keys that are not submission_<id> folder names: {bad[:5]}")
    return {str(k): _plain_keys(v) for k, v in document.items()}


def _submitters(entry) -> tuple:
    people = entry.get("submitters") if isinstance(entry, dict) else None
    return tuple(Submitter(**{field: _text(person.get(field)) for field in ("name", "sid", "email")})
                 for person in people or () if isinstance(person, dict))


def _plain_keys(value):
    if isinstance(value, dict):
        return {str(k).strip(":"): _plain_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_keys(v) for v in value]
    return value


def _text(value) -> str:
    return "" if value is None else str(value)


def _sort_key(name: str):
    suffix = name.partition("_")[2]
    return (0, int(suffix), "") if suffix.isdigit() else (1, 0, suffix)


class _MetadataLoader(yaml.SafeLoader):
    """Safe YAML that reads Ruby-tagged nodes (``!ruby/object:...``) as plain data."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_MetadataLoader.add_multi_constructor("!", _untagged)
