"""Readings as CSV (one row per paper; lists joined with "; ") and as JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.learning.reading_list import ReadingView

COLUMNS = (
    "id",
    "title",
    "authors",
    "year",
    "venue",
    "arxiv_id",
    "doi",
    "url",
    "topics",
    "status",
    "priority",
    "added_from",
    "added_at",
    "done_at",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def _record(reading: ReadingView) -> dict[str, Any]:
    data = asdict(reading)
    data["url"] = reading.link
    return data


def render_csv(readings: Sequence[ReadingView]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for reading in readings:
        data = _record(reading)
        writer.writerow([_cell(data[c]) for c in COLUMNS])
    return buffer.getvalue()


def render_json(readings: Sequence[ReadingView]) -> str:
    rows = []
    for reading in readings:
        data = _record(reading)
        rows.append({c: (_cell(data[c]) if isinstance(data[c], datetime) else data[c]) for c in COLUMNS})
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
