"""huggingface ai-deadlines: ``src/data/conferences/<series>.yml``, one file per series.

An entry: ``title, year, id, full_name, link, deadlines: [{type, label, date, timezone}],
city, country, venue, date (text), start, end, era_rating, tags, note, hindex, rankings
("CCF: A, CORE: A*, THCPL: A")``. Some older entries still use the paperswithcode-style
fields (``deadline``, ``abstract_deadline``, ``timezone``, ``rebuttal_period_end``,
``final_decision_date``, ``review_release_date``); they are read only when the entry has no
``deadlines`` list (the list is the newer, typed form and wins).
"""

from __future__ import annotations

from typing import Any

from tracker.catalog.importers.records import Batch, DeadlineRecord, EditionRecord, SeriesRecord
from tracker.catalog.importers.yamlfiles import entries

SOURCE = "hf"
LEGACY_DEADLINES = (
    ("abstract_deadline", "abstract"),
    ("deadline", "paper"),
    ("review_release_date", "review_release"),
    ("rebuttal_period_end", "rebuttal_end"),
    ("final_decision_date", "notification"),
)
KNOWN_FIELDS = frozenset(
    {
        "title", "year", "id", "full_name", "link", "deadlines", "city", "country", "venue", "date",
        "start", "end", "era_rating", "tags", "note", "hindex", "rankings", "paperslink", "pwclink",
        "timezone", *(name for name, _ in LEGACY_DEADLINES),
    }
)  # fmt: skip


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def parse_rankings(text: Any) -> dict[str, Any]:
    """'CCF: A, CORE: A*, THCPL: A' -> {'ccf': 'A', 'core': 'A*', 'thcpl': 'A'}."""
    ranks: dict[str, Any] = {}
    if not text:
        return ranks
    for part in str(text).split(","):
        name, sep, value = part.partition(":")
        if sep and name.strip() and value.strip():
            ranks[name.strip().lower()] = value.strip()
    return ranks


def _deadlines(raw: dict[str, Any]) -> list[DeadlineRecord]:
    listed = raw.get("deadlines")
    out: list[DeadlineRecord] = []
    if isinstance(listed, list):
        for i, item in enumerate(listed):
            if not isinstance(item, dict):
                out.append(DeadlineRecord(kind="", when=None, zone=None, field=f"deadlines[{i}]"))
                continue
            out.append(
                DeadlineRecord(
                    kind=str(item.get("type") or ""),
                    when=item.get("date"),
                    zone=item.get("timezone"),
                    field=f"deadlines[{i}]",
                    label=_text(item.get("label")),
                )
            )
        return out
    zone = raw.get("timezone")
    for name, kind in LEGACY_DEADLINES:
        if raw.get(name) not in (None, ""):
            out.append(DeadlineRecord(kind=kind, when=raw[name], zone=zone, field=name))
    return out


def parse_entry(raw: dict[str, Any], index: int, file_label: str) -> EditionRecord:
    external = _text(raw.get("id"))
    ranks = parse_rankings(raw.get("rankings"))
    if raw.get("era_rating") not in (None, ""):
        ranks["era"] = raw["era_rating"]
    tags = raw.get("tags") or []
    return EditionRecord(
        source=SOURCE,
        record_id=f"{SOURCE}:{external or f'{file_label}[{index}]'}",
        title=_text(raw.get("title")) or "",
        year=raw.get("year"),
        external_id=external,
        full_name=_text(raw.get("full_name")),
        link=_text(raw.get("link")),
        date_text=raw.get("date"),
        start=raw.get("start"),
        end=raw.get("end"),
        city=_text(raw.get("city")),
        country=_text(raw.get("country")),
        venue=_text(raw.get("venue")),
        note=_text(raw.get("note")),
        deadlines=_deadlines(raw),
        h5_index=raw.get("hindex"),
        ranks=ranks,
        topic_codes=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        unknown_fields=[key for key in raw if key not in KNOWN_FIELDS],
    )


def parse(text: str, name: str) -> Batch:
    """Read the text of one series file; ``name`` is its label in reports."""
    batch = Batch(source=SOURCE)
    by_title: dict[str, SeriesRecord] = {}  # one series per title within a file
    for index, raw in entries(text, name, batch, "conference entries"):
        batch.fields.append(frozenset(raw))
        edition = parse_entry(raw, index, name)
        series = by_title.get(edition.title)
        if series is None:
            series = SeriesRecord(source=SOURCE, record_id=f"{SOURCE}:{name}", title=edition.title)
            by_title[edition.title] = series
            batch.series.append(series)
        series.full_name = series.full_name or edition.full_name
        series.topic_codes += [c for c in edition.topic_codes if c not in series.topic_codes]
        # A series' ranking is its latest stated one.
        series.ranks.update(edition.ranks)
        series.editions.append(edition)
    return batch
