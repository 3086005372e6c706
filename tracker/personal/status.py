"""Where a person stands with each edition: interested -> ... -> attended (or skipped).

Every change is a row with its day, so the history stays; the latest row is the
current status. ``mine`` lists the editions with a status and the next date that
matters for each (a deadline, a plan item due, the conference itself).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.clock import parse_day
from tracker.errors import Invalid
from tracker.i18n import N_, Message, _
from tracker.models.catalog import Edition, Series
from tracker.models.personal import STATUSES, PlanItem, StatusChange
from tracker.personal.editions import edition_label, find_edition

# The statuses as a person reads them (the stored and typed values stay these English keys).
STATUS_WORDS = {
    "interested": N_("interested"),
    "planning": N_("planning"),
    "submitted": N_("submitted"),
    "accepted": N_("accepted"),
    "registered": N_("registered"),
    "attending": N_("attending"),
    "attended": N_("attended"),
    "skipped": N_("skipped"),
}


def status_word(status: str) -> str:
    """A status in the interface's language: "planning" is 计划参加 in zh."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


@dataclass(frozen=True)
class StatusStep:
    status: str
    on: date


@dataclass(frozen=True)
class EditionStatus:
    key: str
    name: str
    status: str
    since: date
    next_date: date | None
    next_what: str | None
    start_date: date | None
    end_date: date | None
    history: list[StatusStep]


def check_status(text: str) -> str:
    value = text.strip().lower()
    if value in STATUSES:
        return value
    close = difflib.get_close_matches(value, STATUSES, n=2, cutoff=0.5)
    raise Invalid(
        Message(N_("unknown status {text}; one of: {value}"), text=repr(text), value=", ".join(STATUSES)),
        suggestions=close,
    )


def set_status(
    session: Session, key: str, status: str, *, on: str | None = None, note: str | None = None
) -> EditionStatus:
    """Record ``status`` for the edition from the day ``on`` (default today)."""
    value = check_status(status)
    edition = find_edition(session, key)
    day = parse_day(on, what="--on date") if on else clock.today()
    session.add(
        StatusChange(edition=edition, status=value, on_date=day, recorded_at=clock.now(), note=note or None)
    )
    session.flush()
    return _edition_status(session, edition, _history(session, [edition.id])[edition.id])


def _history(session: Session, edition_ids: list[int] | None = None) -> dict[int, list[StatusChange]]:
    query = select(StatusChange).order_by(StatusChange.on_date, StatusChange.id)
    if edition_ids is not None:
        query = query.where(StatusChange.edition_id.in_(edition_ids))
    out: dict[int, list[StatusChange]] = {}
    for change in session.scalars(query):
        out.setdefault(change.edition_id, []).append(change)
    return out


def _next_date(session: Session, edition: Edition, today: date) -> tuple[date | None, str | None]:
    """The soonest date from today on: a deadline, an open plan item, the start or the end."""
    candidates: list[tuple[date, str]] = []
    for deadline in edition.deadlines:
        day = deadline.at_utc.date()
        if day >= today:
            kind = Message(deadline.type.replace("_", " "))  # "paper": a deadline type of the catalog
            candidates.append((day, Message(N_("{kind} deadline"), kind=kind)))
    for item in session.scalars(
        select(PlanItem).where(
            PlanItem.edition_id == edition.id, PlanItem.done_at.is_(None), PlanItem.due.is_not(None)
        )
    ):
        if item.due is not None and item.due >= today:
            candidates.append(
                (item.due, Message(N_("plan #{position}: {text}"), position=item.position, text=item.text))
            )
    if edition.start_date and edition.start_date >= today:
        candidates.append((edition.start_date, Message(N_("starts"))))
    elif edition.end_date and edition.end_date >= today:
        candidates.append((edition.end_date, Message(N_("ends"))))
    if not candidates:
        return None, None
    return min(candidates, key=lambda c: c[0])


def _edition_status(session: Session, edition: Edition, changes: list[StatusChange]) -> EditionStatus:
    current = changes[-1]
    next_day, next_what = _next_date(session, edition, clock.today())
    return EditionStatus(
        key=edition.key,
        name=edition_label(edition),
        status=current.status,
        since=current.on_date,
        next_date=next_day,
        next_what=next_what,
        start_date=edition.start_date,
        end_date=edition.end_date,
        history=[StatusStep(c.status, c.on_date) for c in changes],
    )


def current_status(session: Session, edition: Edition) -> EditionStatus | None:
    changes = _history(session, [edition.id]).get(edition.id)
    return _edition_status(session, edition, changes) if changes else None


def example_edition(session: Session) -> str | None:
    """An edition a person new to tracker could mark, for a hint that works as typed: the
    best-rated series' next edition (by the stored quality composite, then the soonest)."""
    query = (
        select(Edition.key)
        .join(Series, Edition.series_id == Series.id)
        .where(Edition.start_date >= clock.today())
        .order_by(Series.quality_score.desc().nulls_last(), Edition.start_date, Edition.key)
        .limit(1)
    )
    return session.scalar(query)


def my_editions(session: Session, *, status: str | None = None) -> list[EditionStatus]:
    """Every edition with a status, by status (in path order) and then by next date."""
    wanted = check_status(status) if status else None
    result = []
    for edition_id, changes in _history(session).items():
        if wanted and changes[-1].status != wanted:
            continue
        result.append(_edition_status(session, session.get_one(Edition, edition_id), changes))
    far = date.max
    result.sort(key=lambda s: (STATUSES.index(s.status), s.next_date or far, s.key))
    return result
