"""Readings as CSL-JSON, the input of citeproc processors (Zotero, pandoc, citeproc-py).

Names are split by :mod:`tracker.export.names` into ``family`` and ``given`` with
particles (van, von, de…) kept with the family name and suffixes (Jr., III) in
``suffix``; the list marker "others" is dropped (CSL has no "et al." author).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.export.bibtex import entry_type, unique_keys
from tracker.export.names import split_name

if TYPE_CHECKING:
    from tracker.learning.reading_list import ReadingView

CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "book": "book",
    "misc": "article",
}


def csl_name(name: str) -> dict[str, str]:
    """'Bart van Merriënboer' -> {'family': 'van Merriënboer', 'given': 'Bart'}."""
    parts = split_name(name)
    if parts.is_single_word:
        return {"literal": name}
    out = {"family": parts.family, "given": parts.given}
    if parts.suffix:
        out["suffix"] = parts.suffix
    return out


def items(readings: Sequence[ReadingView]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key, reading in zip(unique_keys(readings), readings, strict=True):
        kind = entry_type(reading.venue, reading.arxiv_id)
        item: dict[str, Any] = {"id": key, "type": CSL_TYPES[kind], "title": reading.title}
        authors = [csl_name(a) for a in reading.authors if a.strip().lower() != "others"]
        if authors:
            item["author"] = authors
        if reading.year:
            item["issued"] = {"date-parts": [[reading.year]]}
        if reading.venue and kind == "book":
            item["publisher"] = reading.venue
        elif reading.venue and kind != "misc":
            item["container-title"] = reading.venue
        elif reading.arxiv_id:
            item["publisher"] = "arXiv"
        if reading.doi:
            item["DOI"] = reading.doi
        if reading.arxiv_id:
            item["number"] = f"arXiv:{reading.arxiv_id}"
        if reading.link:
            item["URL"] = reading.link
        if reading.topics:
            item["keyword"] = ", ".join(reading.topics)
        out.append(item)
    return out


def render(readings: Sequence[ReadingView]) -> str:
    return json.dumps(items(readings), indent=2, ensure_ascii=False) + "\n"
