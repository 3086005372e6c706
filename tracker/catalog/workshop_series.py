"""Recurring workshops: which calls are one series, and where its next edition likely is.

Two calls are one series when they share an acronym ("CRL" at NeurIPS 2023 and 2024), or
their names agree once the words that change from year to year are dropped ("Workshop on",
"Workshop", "The", a year, "@ NeurIPS 2024"), or their main names (before a colon) agree
and say at least three things, or agree and the calls say they are consecutive editions
(the 6th and the 7th Robot Learning workshop). A series is *recurring* when it has two editions or more,
or one call that says it is "the 3rd ... workshop" (``Edition.ordinal``).

A recurring workshop series held at a conference gets an estimated next edition at the
next edition of its latest parent's series (real or itself estimated, not yet over):
"likely at NeurIPS 2026 — held 2023, 2024", flagged estimated, with that basis as its
note. :func:`refresh_hosted` keeps those estimates current and removes one as soon as a
real edition of the series is announced (for example a WikiCFP call for that year).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from tracker.catalog.ended import has_not_ended
from tracker.catalog.note_words import held_text_of, likely_note
from tracker.catalog.resolve import edition_key
from tracker.i18n import Message
from tracker.text import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.models.catalog import Edition, Series

SOURCE = "estimate"
_DROP = re.compile(
    r"\b(?:the|workshop|workshops|on|of|in|for|and|at|\d{4}|\d+(?:st|nd|rd|th)|first|second|third)\b"
)
_HOST = re.compile(r"@\s*\S+(?:\s+\d{4})?|\bat (?:iclr|icml|neurips|nips)\b(?:\s+\d{4})?", re.I)


def name_key(title: str) -> str:
    """The words of a workshop's name that stay the same from year to year."""
    text = fold(_HOST.sub(" ", title)).replace("&", " ")
    text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(_DROP.sub(" ", re.sub(r"[^a-z0-9 ]", " ", text)).split())


def main_key(title: str) -> str | None:
    """The main name (before a colon), when it says at least three things; else None."""
    head = title.split(":")[0]
    key = name_key(head)
    return key if head != title and len(key.split()) >= 3 else None


def group(names: Sequence[tuple[str | None, str, int | None]]) -> list[list[int]]:
    """Indices of ``(acronym, title, ordinal)`` grouped into series, in first-seen order.

    Beside the acronym and name rules, two calls with the same main name that say they are
    consecutive editions ("the 6th Robot Learning workshop", then "the 7th") are one series.
    """
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    numbered: dict[tuple[str, int], int] = {}
    for i, (_, title, ordinal) in enumerate(names):
        head = name_key(title.split(":")[0])
        if ordinal and len(head.split()) >= 2:
            numbered[(head, ordinal)] = i
    for (head, ordinal), i in numbered.items():
        before = numbered.get((head, ordinal - 1))
        if before is not None:
            parent[find(i)] = find(before)
    for i, (acronym, title, _) in enumerate(names):
        keys = [f"name:{name_key(title)}"]
        if acronym:
            keys.append(f"acronym:{fold(acronym).replace('-', '').replace(' ', '')}")
        main = main_key(title)
        if main:
            keys.append(f"name:{main}")
        for key in keys:
            if key in seen:
                parent[find(i)] = find(seen[key])
            else:
                seen[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def recurring(series: Series) -> bool:
    real = [e for e in series.editions if not e.estimated]
    return len({e.year for e in real}) >= 2 or any((e.ordinal or 0) >= 2 for e in real)


def held_text(real: Sequence[Edition]) -> Message:
    """ "held 2023, 2024", or "held 2024 (its 3rd edition, per its call)"."""
    years = sorted({e.year for e in real})
    ordinal = max((e.ordinal or 0 for e in real), default=0)
    return held_text_of(years, ordinal if ordinal >= 2 and len(real) < ordinal else 0)


def hosted(series: Series) -> bool:
    """A workshop series whose latest real edition has a parent conference edition."""
    real = [e for e in series.editions if not e.estimated]
    return series.kind == "workshop" and bool(real) and real[-1].parent is not None


def _next_parent(parent_series: Series, today: date) -> Edition | None:
    ahead = [e for e in parent_series.editions if has_not_ended(e, today)]
    return min(ahead, key=lambda e: e.year) if ahead else None


def refresh_hosted(
    session: Session, all_series: Sequence[Series], today: date
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Estimated next editions of recurring hosted workshops: (created, updated, unchanged, removed)."""
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    for series in all_series:
        if not hosted(series):
            continue
        estimates = [e for e in series.editions if e.estimated]
        target = hosted_target(series, today)
        for stale in estimates[1:] if target is not None else estimates:
            removed.append(stale.key)
            series.editions.remove(stale)  # delete-orphan deletes the row
        if target is None:
            continue
        values = hosted_values(series, target)
        key = str(values["key"])
        if estimates:
            edition = estimates[0]
            if all(getattr(edition, k) == v for k, v in values.items()):
                unchanged.append(key)
                continue
            updated.append(key)
        else:
            from tracker.models.catalog import Edition

            edition = Edition(series=series)
            session.add(edition)
            created.append(key)
        for name, value in values.items():
            setattr(edition, name, value)
    session.flush()
    return created, updated, unchanged, removed


def hosted_target(series: Series, today: date) -> Edition | None:
    """The parent edition a hosted series' estimate is held at (None: it should have none)."""
    real = [e for e in series.editions if not e.estimated]
    latest_parent = real[-1].parent
    assert latest_parent is not None
    target = None
    if recurring(series) and not any(has_not_ended(e, today) for e in real):
        target = _next_parent(latest_parent.series, today)
    if target is not None and any(e.year == target.year for e in real):
        target = None
    return target


def hosted_values(series: Series, target: Edition) -> dict[str, object]:
    """The columns of a hosted series' estimate at ``target``."""
    real = [e for e in series.editions if not e.estimated]
    latest_parent = real[-1].parent
    assert latest_parent is not None
    note = likely_note(latest_parent.series.acronym, target.year, held_text(real))
    return {
        "key": _key_for(series, real[-1], target.year),
        "year": target.year,
        "kind": "workshop",
        "title": f"{real[-1].title} (estimated)",
        "parent_id": target.id,
        "start_date": target.start_date,
        "end_date": target.end_date,
        # Where the parent's next edition is, when that is announced (a workshop is held there).
        "city": target.city,
        "region": target.region,
        "country": target.country,
        "latitude": target.latitude,
        "longitude": target.longitude,
        "mode": target.mode,
        "note": note,
        "estimated": True,
        "estimate_spread_days": target.estimate_spread_days,
        "source": SOURCE,
    }


def _key_for(series: Series, latest: Edition, year: int) -> str:
    suffix = str(latest.year)
    if latest.key.endswith(suffix):
        return latest.key[: -len(suffix)] + str(year)
    return edition_key(series.key, year)
