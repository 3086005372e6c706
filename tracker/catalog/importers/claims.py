"""What each source says about an edition, kept with when it was confirmed, changed and withdrawn.

Every import or sync of a source records that source's facts of each edition it lists as one
:class:`~tracker.models.catalog.EditionClaim` (dates, place, title/link/note) with its
:class:`~tracker.models.catalog.DeadlineClaim` rows, whether or not they win the merge; the
edition's own columns are then reconciled from the claims (:mod:`reconcile`).

The stamps, all in the clock's time of the run that saw them:

- ``confirmed_at``: the last run in which the source listed the fact unchanged or changed;
- ``*_changed_at`` / ``changed_at``: the last run that saw the source's value change (a fact
  only ever seen with one value has none: nothing says it was revised);
- ``withdrawn_at``: the run in which the source stopped listing it (cleared when it comes back).

A deadline of a source is the same deadline across runs when it has the same type, label and
instant (its round may be renumbered when a round is added), else the same type, round and
label (it moved), else the same type and instant (it was renamed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.catalog.importers.valid import ValidDeadline, ValidEdition
from tracker.models.catalog import DeadlineClaim, Edition, EditionClaim

#: The groups of facts that are decided together (a place is never half from one source).
GROUPS: dict[str, tuple[str, ...]] = {
    "text": ("title", "link", "note"),
    "dates": ("start_date", "end_date", "date_text"),
    "place": ("place_text", "city", "region", "country", "latitude", "longitude", "mode", "venue"),
}


@dataclass(frozen=True)
class Withdrawal:
    """A source stopped listing an edition, or one deadline of it."""

    edition_key: str
    source: str
    what: str  # "edition" or the deadline's words: "paper deadline (round 2)"
    value: str | None  # the instant of a withdrawn deadline


def claimed_values(v: ValidEdition) -> dict[str, Any]:
    """The claim columns of a checked edition (cut to the columns' sizes)."""
    place = v.place
    return {
        "title": v.title[:300] or None,
        "link": v.link,
        "note": v.note,
        "start_date": v.start,
        "end_date": v.end if v.start is not None else None,
        "date_text": v.date_text,
        "place_text": (place.text[:300] or None) if place else None,
        "city": place.city if place else None,
        "region": place.region if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "mode": place.mode if place else None,
        "venue": v.venue,
    }


def record_claim(edition: Edition, v: ValidEdition, now: datetime) -> list[Withdrawal]:
    """Store what ``v.source`` says of ``edition``; returns the deadlines it no longer lists."""
    claim = next((c for c in edition.claims if c.source == v.source), None)
    values = claimed_values(v)
    if claim is None:
        claim = EditionClaim(source=v.source, first_seen_at=now, **values)
        edition.claims.append(claim)
    else:
        for group, columns in GROUPS.items():
            old = tuple(getattr(claim, c) for c in columns)
            new = tuple(values[c] for c in columns)
            if old == new:
                continue
            if any(x is not None for x in old):  # a fact filled for the first time is no revision
                setattr(claim, f"{group}_changed_at", now)
            for column in columns:
                setattr(claim, column, values[column])
        claim.first_seen_at = claim.first_seen_at or now
    claim.confirmed_at = now
    claim.withdrawn_at = None
    return [
        Withdrawal(edition.key, v.source, deadline_words(d.type, d.round, d.label), instant(d.at_utc))
        for d in _record_deadlines(claim, v.deadlines, now)
    ]


def _record_deadlines(claim: EditionClaim, listed: list[ValidDeadline], now: datetime) -> list[DeadlineClaim]:
    """Match the listed deadlines to the stored ones; returns those newly withdrawn."""
    stored = list(claim.deadlines)
    rest = list(listed)
    pairs: list[tuple[DeadlineClaim, ValidDeadline]] = []
    same_deadline = (
        lambda s, d: (s.type, s.label, s.at_utc) == (d.type, _label(d), d.at_utc),  # round renumbered
        lambda s, d: (s.type, s.round, s.label) == (d.type, d.round, _label(d)),  # moved
        lambda s, d: (s.type, s.at_utc) == (d.type, d.at_utc),  # renamed
    )
    for same in same_deadline:
        for d in list(rest):
            match = next((s for s in stored if same(s, d)), None)
            if match is not None:
                pairs.append((match, d))
                stored.remove(match)
                rest.remove(d)
    for s, d in pairs:
        if s.at_utc != d.at_utc:
            s.changed_at = now
        s.type, s.label, s.round, s.at_utc = d.type, _label(d), d.round, d.at_utc
        s.local_text, s.timezone = d.local_text, d.zone[:64]
        s.first_seen_at = s.first_seen_at or now
        s.confirmed_at, s.withdrawn_at = now, None
    for d in rest:
        claim.deadlines.append(
            DeadlineClaim(
                type=d.type, label=_label(d), round=d.round, at_utc=d.at_utc, local_text=d.local_text,
                timezone=d.zone[:64], first_seen_at=now, confirmed_at=now,
            )
        )  # fmt: skip
    gone = [s for s in stored if s.withdrawn_at is None]
    for s in gone:
        s.withdrawn_at = now
    return gone


def withdraw(edition: Edition, source: str, now: datetime) -> Withdrawal | None:
    """``source`` no longer lists ``edition``: its claim is marked (kept, no longer counted)."""
    claim = next((c for c in edition.claims if c.source == source), None)
    if claim is None or claim.withdrawn_at is not None:
        return None
    claim.withdrawn_at = now
    return Withdrawal(edition.key, source, "edition", None)


def active(edition: Edition) -> list[EditionClaim]:
    """The claims of sources that still list the edition."""
    return [c for c in edition.claims if c.withdrawn_at is None]


def _label(d: ValidDeadline) -> str | None:
    return d.label[:200] if d.label else None


def deadline_words(kind: str, round_: int | None, label: str | None) -> str:
    """How a deadline is named in the change log and in conflicts: "paper (round 2)"."""
    text = label or kind.replace("_", " ")
    return f"{text} (round {round_})" if round_ else text


def instant(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")
