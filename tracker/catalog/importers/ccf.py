"""ccf-deadlines: ``conference/<CAT>/<series>.yml`` and ``accept_rates/<CAT>/<series>.yml``.

A conference file is a list of series: ``title, description, sub (CCF category), rank {ccf,
core, thcpl}, dblp, confs: [{year, id, link, timeline: [{abstract_deadline, deadline,
comment}], timezone, date (text), place}]``. Each timeline entry is a submission round:
more than one entry gives rounds 1..n. ``TBD`` deadlines are not deadlines yet and are skipped.

An accept-rate file: ``[{title, accept_rates: [{year, submitted, accepted, str, rate,
source}]}]``. Its series is the conference file of the same name in the same category
(``accept_rates/AI/cvpr.yml`` -> ``conference/AI/cvpr.yml``) when that is in the batch,
else it is found by title when stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from tracker.catalog.importers.records import (
    Batch,
    DeadlineRecord,
    EditionRecord,
    Issue,
    RateRecord,
    SeriesRecord,
)
from tracker.catalog.importers.yamlfiles import entries

SOURCE = "ccf"
SERIES_FIELDS = frozenset({"title", "description", "sub", "rank", "dblp", "confs"})
#: Every field an entry of a conference or accept-rate file may have.
KNOWN_FIELDS = SERIES_FIELDS | {"accept_rates"}
CONF_FIELDS = frozenset({"year", "id", "link", "timeline", "timezone", "date", "place"})
TIMELINE_FIELDS = (("abstract_deadline", "abstract"), ("deadline", "paper"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _edition(conf: dict[str, Any], series: SeriesRecord, where: str) -> EditionRecord:
    external = _text(conf.get("id"))
    edition = EditionRecord(
        source=SOURCE,
        record_id=f"{SOURCE}:{external or where}",
        title=series.title,
        year=conf.get("year"),
        external_id=external,
        full_name=series.full_name,
        link=_text(conf.get("link")),
        date_text=conf.get("date"),
        place=_text(conf.get("place")),
        unknown_fields=[key for key in conf if key not in CONF_FIELDS],
    )
    timeline = conf.get("timeline") or []
    if not isinstance(timeline, list):
        timeline = [timeline]
    rounds = len(timeline) > 1
    for i, step in enumerate(timeline):
        if not isinstance(step, dict):
            edition.deadlines.append(DeadlineRecord(kind="", when=None, zone=None, field=f"timeline[{i}]"))
            continue
        for name, kind in TIMELINE_FIELDS:
            value = step.get(name)
            if value in (None, "") or str(value).strip().upper() == "TBD":
                continue
            edition.deadlines.append(
                DeadlineRecord(
                    kind=kind,
                    when=value,
                    zone=conf.get("timezone"),
                    field=f"timeline[{i}].{name}",
                    label=_text(step.get("comment")),
                    round=i + 1 if rounds else None,
                )
            )
    return edition


def _series(raw: dict[str, Any], label: str, index: int) -> SeriesRecord:
    rank: dict[str, Any] = raw["rank"] if isinstance(raw.get("rank"), dict) else {}
    series = SeriesRecord(
        source=SOURCE,
        record_id=f"{SOURCE}:{label}" + (f"[{index}]" if index else ""),
        title=_text(raw.get("title")) or "",
        full_name=_text(raw.get("description")),
        dblp=_text(raw.get("dblp")),
        ccf_category=_text(raw.get("sub")),
        ranks={k: v for k, v in rank.items() if v not in (None, "")},
        topic_codes=[str(raw["sub"])] if raw.get("sub") else [],
    )
    confs = raw.get("confs") or []
    for i, conf in enumerate(confs if isinstance(confs, list) else []):
        if isinstance(conf, dict):
            series.editions.append(_edition(conf, series, f"{label}#confs[{i}]"))
    return series


def _rates(raw: dict[str, Any], label: str) -> list[RateRecord]:
    out = []
    for i, item in enumerate(raw.get("accept_rates") or []):
        if not isinstance(item, dict):
            continue
        year = item.get("year")
        out.append(
            RateRecord(
                source=SOURCE,
                record_id=f"{SOURCE}:{label}#{year if year is not None else i}",
                title=_text(raw.get("title")) or "",
                year=year,
                rate=item.get("rate"),
                submitted=item.get("submitted"),
                accepted=item.get("accepted"),
                text=_text(item.get("str")),
                url=_text(item.get("source")),
            )
        )
    return out


def parse(text: str, name: str) -> Batch:
    """Read the text of one ccf-deadlines file (series or accept rates); ``name`` labels it."""
    batch = Batch(source=SOURCE)
    for index, raw in entries(text, name, batch, "series"):
        batch.fields.append(frozenset(raw))
        if "accept_rates" in raw:
            batch.rates.extend(_rates(raw, name))
        elif "confs" in raw:
            series = _series(raw, name, index)
            unknown = [key for key in raw if key not in SERIES_FIELDS]
            for edition in series.editions:
                edition.unknown_fields += unknown
            batch.series.append(series)
        else:
            batch.issues.append(
                Issue(f"{SOURCE}:{name}[{index}]", "(entry)", "neither a series (confs) nor accept_rates")
            )
    return batch


def link_rates(files: Sequence[tuple[str, Batch]]) -> None:
    """Give each rate the DBLP key of the conference file with its name in its category.

    ``files`` are (name, batch) pairs of one import: ``accept_rates/AI/cvpr.yml`` takes the
    key of ``conference/AI/cvpr.yml`` (the last file of that name that states one).
    """

    def place(name: str) -> tuple[str, str]:
        path = PurePosixPath(name)
        return path.parent.name, path.name

    dblp_by_file = {place(name): s.dblp for name, batch in files for s in batch.series if s.dblp}
    for name, batch in files:
        for rate in batch.rates:
            rate.dblp = dblp_by_file.get(place(name))
