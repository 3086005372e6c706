"""Reading the sources' YAML: values as text, one file's entries at a time.

YAML 1.1 turns ``2024-11-12`` into a date and ``2024-05-22 23:59:59`` into a naive
datetime. We want the text as written (to keep it, and to let the gate reject
``2025-02-30`` instead of YAML raising mid-file), so the loader here has no timestamp
resolver: dates stay strings. Numbers and booleans are still resolved.

This is the only module that loads YAML for the importers; the parsers get text and a
name (:mod:`walker` finds the files, ``tracker sync`` hands over what it fetched).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from tracker.catalog.importers.records import Batch, Issue

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDateLoader(_Base):
    """A safe loader that leaves dates and times as strings."""


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def decode(data: bytes, record: str) -> str | Issue:
    """A file's bytes as text, or an issue naming the file when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Issue(record, "(file)", f"cannot read: {exc}")


def load(text: str, record: str) -> tuple[Any, Issue | None]:
    """The parsed document, or None and an issue naming the file when it is not YAML."""
    try:
        return yaml.load(text, Loader=TextDateLoader), None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        return None, Issue(record, "(file)", f"not valid YAML{at}: {getattr(exc, 'problem', exc)}")


def entries(text: str, name: str, batch: Batch, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every mapping in the YAML list of one file as (index, entry).

    The three formats all keep a list per file; a file that does not parse or does not
    hold a list, and an entry that is not a mapping, become issues in ``batch`` (naming
    the file and entry) instead of stopping the import.
    """
    batch.files += 1
    data, problem = load(text, f"{batch.source}:{name}")
    if problem:
        batch.issues.append(problem)
        return
    if not isinstance(data, list):
        batch.issues.append(Issue(f"{batch.source}:{name}", "(file)", f"expected a list of {expected}"))
        return
    for index, raw in enumerate(data):
        if isinstance(raw, dict):
            yield index, raw
        else:
            batch.issues.append(Issue(f"{batch.source}:{name}[{index}]", "(entry)", "not a mapping"))
