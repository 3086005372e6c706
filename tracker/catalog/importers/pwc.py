"""paperswithcode ai-deadlines: ``_data/conferences.yml``, one flat list of conference-years.

An entry: ``title, year, id, link, deadline, abstract_deadline, timezone, place ("City,
Country"), date (text), start, end, sub (one code or a list, see _data/types.yml), note
(HTML), full_name, hindex, paperslink, pwclink``. Entries with the same title form a series.
"""

from __future__ import annotations

from typing import Any

from tracker.catalog.importers.records import Batch, DeadlineRecord, EditionRecord, SeriesRecord
from tracker.catalog.importers.yamlfiles import entries

SOURCE = "pwc"
KNOWN_FIELDS = frozenset(
    {
        "title", "year", "id", "link", "deadline", "abstract_deadline", "timezone", "place", "date",
        "start", "end", "sub", "note", "full_name", "hindex", "paperslink", "pwclink",
    }
)  # fmt: skip
# The two deadline fields this format has, mapped onto our types by the gate.
DEADLINE_FIELDS = (("abstract_deadline", "abstract"), ("deadline", "paper"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def parse_entry(raw: dict[str, Any], index: int, file_label: str) -> EditionRecord:
    external = _text(raw.get("id"))
    record_id = f"{SOURCE}:{external or f'{file_label}[{index}]'}"
    edition = EditionRecord(
        source=SOURCE,
        record_id=record_id,
        title=_text(raw.get("title")) or "",
        year=raw.get("year"),
        external_id=external,
        full_name=_text(raw.get("full_name")),
        link=_text(raw.get("link")),
        date_text=raw.get("date"),
        start=raw.get("start"),
        end=raw.get("end"),
        place=_text(raw.get("place")),
        note=_text(raw.get("note")),
        h5_index=raw.get("hindex"),
        topic_codes=_codes(raw.get("sub")),
        unknown_fields=[key for key in raw if key not in KNOWN_FIELDS],
    )
    zone = raw.get("timezone")
    for name, kind in DEADLINE_FIELDS:
        if raw.get(name) not in (None, ""):
            edition.deadlines.append(DeadlineRecord(kind=kind, when=raw[name], zone=zone, field=name))
    return edition


def parse(text: str, name: str) -> Batch:
    """Read the text of a ``conferences.yml``; ``name`` is its label in reports."""
    batch = Batch(source=SOURCE)
    by_title: dict[str, SeriesRecord] = {}
    for index, raw in entries(text, name, batch, "conference entries"):
        batch.fields.append(frozenset(raw))
        edition = parse_entry(raw, index, name)
        series = by_title.get(edition.title)
        if series is None:
            series = SeriesRecord(source=SOURCE, record_id=f"{SOURCE}:{edition.title}", title=edition.title)
            by_title[edition.title] = series
            batch.series.append(series)
        series.full_name = series.full_name or edition.full_name
        series.topic_codes += [c for c in edition.topic_codes if c not in series.topic_codes]
        series.editions.append(edition)
    return batch
