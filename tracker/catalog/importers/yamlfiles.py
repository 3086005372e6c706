"""Reading the sources' YAML files: values as text, files found under a PATH.

YAML 1.1 turns ``2024-11-12`` into a date and ``2024-05-22 23:59:59`` into a naive
datetime. We want the text as written (to keep it, and to let the gate reject
``2025-02-30`` instead of YAML raising mid-file), so the loader here has no timestamp
resolver: dates stay strings. Numbers and booleans are still resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tracker.catalog.importers.records import Batch, Issue
from tracker.errors import NotFound, TrackerError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Files that sit beside the data in the upstream repositories and hold no records.
IGNORED_NAMES = frozenset({"types.yml", "types.yaml", "conference-yaml-schema.yml"})


class TextDateLoader(_Base):
    """A safe loader that leaves dates and times as strings."""


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def yaml_files(path: Path) -> list[Path]:
    """PATH itself when it is a file, else every ``*.yml``/``*.yaml`` below it, sorted."""
    if not path.exists():
        raise NotFound(f"no such file or directory: {path}")
    if path.is_file():
        return [path]
    found = [p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    found = [p for p in found if p.name not in IGNORED_NAMES and ".github" not in p.parts]
    if not found:
        raise TrackerError(f"{path} holds no YAML files")
    return sorted(found)


def load(path: Path, record: str) -> tuple[Any, Issue | None]:
    """The parsed document, or None and an issue naming the file when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=TextDateLoader), None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        return None, Issue(record, "(file)", f"not valid YAML{at}: {getattr(exc, 'problem', exc)}")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Issue(record, "(file)", f"cannot read: {exc}")


def relative_name(path: Path, root: Path) -> str:
    """``accept_rates/AI/cvpr.yml`` for a file under the imported directory."""
    if root.is_file():
        return path.name
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def entries(path: Path, batch: Batch, expected: str) -> Iterator[tuple[Path, str, int, dict[str, Any]]]:
    """Every mapping in the YAML lists under PATH as (file, label, index, entry).

    The three formats all keep a list per file; a file that does not parse or does not
    hold a list, and an entry that is not a mapping, become issues in ``batch`` (naming
    the file and entry) instead of stopping the import.
    """
    for file in yaml_files(path):
        label = relative_name(file, path)
        batch.files += 1
        data, problem = load(file, f"{batch.source}:{label}")
        if problem:
            batch.issues.append(problem)
            continue
        if not isinstance(data, list):
            batch.issues.append(Issue(f"{batch.source}:{label}", "(file)", f"expected a list of {expected}"))
            continue
        for index, raw in enumerate(data):
            if isinstance(raw, dict):
                yield file, label, index, raw
            else:
                batch.issues.append(Issue(f"{batch.source}:{label}[{index}]", "(entry)", "not a mapping"))
