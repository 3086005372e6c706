"""What goes into ``tracker calendar export``: deadlines, conference days, follow-ups.

Builds plain :class:`~tracker.export.ics.CalendarEvent` values from the database;
:mod:`tracker.export.ics` writes them. Only what is still ahead is exported (deadlines
from now on, editions that have not ended, follow-ups not done).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.deadline_labels import shown_label
from tracker.catalog.ended import not_ended_clause
from tracker.catalog.queries import ListFilters, narrowed
from tracker.errors import Invalid
from tracker.export.ics import CalendarEvent, uid
from tracker.i18n import N_, Message, _
from tracker.models.catalog import Deadline, Edition, Series, SeriesTopic

ESTIMATED = "estimated"


@dataclass(frozen=True)
class CalendarRequest:
    deadlines: bool = True
    conferences: bool = True
    followups: bool = False
    mine: bool = False  # only editions the person has a status for (not "skipped")
    topic: str | None = None
    types: tuple[str, ...] = ()  # deadline types (parsed); none: every type
    where: ListFilters | None = None  # the editions, narrowed as upcoming and conf list narrow them


@dataclass(frozen=True)
class CalendarExport:
    events: list[CalendarEvent]
    personal: bool  # holds the person's own data (follow-ups, statuses): write it 0600


def topic_filter(text: str) -> list[str]:
    """Series topic keys meant by ``text``: a vocabulary topic (and narrower ones) or a concept's fields."""
    from tracker.catalog import topics

    key = topics.lookup(text)
    if key is not None and key in topics.vocabulary():
        return [key, *topics.descendants(key)]
    from tracker.learning.paths import _series_topics_for
    from tracker.learning.topic_map import load

    try:
        concept = load().concept(text)
    except Invalid as exc:
        suggestions = list(dict.fromkeys([*topics.suggest(text), *exc.suggestions]))[:4]
        raise Invalid(
            Message(N_("--topic: unknown topic {text}"), text=repr(text)), suggestions=suggestions
        ) from exc
    return sorted(_series_topics_for(concept))


def _mine(session: Session) -> set[int]:
    """Editions whose latest status is anything but "skipped"."""
    from tracker.models.personal import StatusChange

    latest: dict[int, str] = {}
    for change in session.scalars(select(StatusChange).order_by(StatusChange.recorded_at, StatusChange.id)):
        latest[change.edition_id] = change.status
    return {edition for edition, status in latest.items() if status != "skipped"}


def _place(edition: Edition) -> str | None:
    parts = [p for p in (edition.venue, edition.city, edition.region, edition.country) if p]
    return ", ".join(parts) or None


def deadline_uids(edition: Edition) -> dict[int, str]:
    """Each deadline's UID: by type and round, so an estimate and the real date that replaces it
    (labelled differently) are one event; the label joins only to tell two deadlines apart."""
    base = {d.id: uid("deadline", edition.key, d.type, str(d.round or 0)) for d in edition.deadlines}
    out: dict[int, str] = {}
    # Real dates first: when an estimate and a real deadline coexist, the real one keeps the UID.
    for deadline in sorted(edition.deadlines, key=lambda d: (d.estimated, d.at_utc, d.id)):
        key = base[deadline.id]
        if key in out.values():
            key = uid("deadline", edition.key, deadline.type, str(deadline.round or 0), _slug(deadline.label))
        out[deadline.id] = key
    return out


def _slug(text: str | None) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in (text or "").lower())


def short_title(edition: Edition) -> str:
    """ "ICML 2026": the acronym and the year (a calendar's title), whatever the edition's long title."""
    return f"{edition.series.acronym} {edition.year}"


def _deadline_event(edition: Edition, deadline: Deadline, event_uid: str) -> CalendarEvent:
    kind = _(deadline.type.replace("_", " "))
    label = f" ({shown_label(deadline.label, deadline.type)})" if deadline.label else ""
    round_part = _(" round {round}").format(round=deadline.round) if deadline.round else ""
    mark = _(" [estimated]") if deadline.estimated or edition.estimated else ""
    at = deadline.at_utc.strftime("%Y-%m-%d %H:%M:%S UTC")
    title = _("{edition}: {kind} deadline{round}{label}").format(
        edition=short_title(edition), kind=kind, round=round_part, label=label
    )
    local = _("Local time: {local} {zone} (original zone {zone}).").format(
        local=deadline.local_text, zone=deadline.timezone
    )
    description = title + _(".") + f"\n{local}\n" + _("UTC: {at}.").format(at=at)
    if mark:
        description += "\n" + _("Estimated from earlier editions; check the official site.")
    return CalendarEvent(
        uid=event_uid,
        summary=title + mark,
        start=deadline.at_utc,
        description=description,
        url=edition.link,
        categories=("deadline", deadline.type, *((ESTIMATED,) if mark else ())),
        tentative=bool(mark),
    )


# The kinds and modes of an edition, as _edition_event shows them.
EDITION_WORDS = (N_("conference"), N_("workshop"), N_("in-person"), N_("hybrid"), N_("virtual"))


def _edition_event(edition: Edition) -> CalendarEvent:
    assert edition.start_date is not None
    mark = _(" [estimated dates]") if edition.estimated else ""
    description = _("{edition} ({kind}, {mode}).").format(
        edition=edition.title or edition.key, kind=_(edition.kind), mode=_(edition.mode)
    )
    if edition.estimated:
        description += "\n" + _("Dates estimated from earlier editions; check the official site.")
    return CalendarEvent(
        uid=uid("edition", edition.key),
        summary=f"{short_title(edition)}{mark}",
        start=edition.start_date,
        end=edition.end_date or edition.start_date,
        description=description,
        location=_place(edition),
        url=edition.link,
        categories=(edition.kind, *((ESTIMATED,) if edition.estimated else ())),
        tentative=edition.estimated,
    )


def _followup_events(session: Session, now: datetime) -> list[CalendarEvent]:
    from tracker.models.personal import FollowUp

    query = (
        select(FollowUp)
        .options(selectinload(FollowUp.contact))
        .where(FollowUp.done_at.is_(None))
        .order_by(FollowUp.due, FollowUp.id)
    )
    events = []
    for item in session.scalars(query):
        events.append(
            CalendarEvent(
                uid=uid("followup", str(item.id)),
                summary=_("Follow up: {name}").format(name=item.contact.name),
                start=item.due,
                description=item.what,
                categories=("follow-up",),
            )
        )
    return events


def build(session: Session, request: CalendarRequest, *, now: datetime) -> CalendarExport:
    """The events asked for, soonest first."""
    if not (request.deadlines or request.conferences or request.followups):
        raise Invalid(Message(N_("nothing to export: choose --deadlines, --conferences and/or --followups")))
    today = now.date()
    query = (
        select(Edition)
        .options(selectinload(Edition.deadlines), selectinload(Edition.series))
        .where(not_ended_clause(today))
        .order_by(Edition.start_date, Edition.key)
    )
    if request.topic:
        keys = topic_filter(request.topic)
        query = query.join(Series, Edition.series_id == Series.id).where(
            Series.topics.any(SeriesTopic.topic.in_(keys))
        )
    if request.where is not None:
        query = narrowed(query, request.where, today)
    editions: Sequence[Edition] = list(session.scalars(query))
    if request.mine:
        mine = _mine(session)
        editions = [e for e in editions if e.id in mine]
    events: list[CalendarEvent] = []
    for edition in editions:
        if request.deadlines:
            uids = deadline_uids(edition)
            events += [
                _deadline_event(edition, d, uids[d.id])
                for d in edition.deadlines
                if d.at_utc >= now and (not request.types or d.type in request.types)
            ]
        if request.conferences and edition.start_date is not None:
            events.append(_edition_event(edition))
    if request.followups:
        events += _followup_events(session, now)
    events.sort(key=lambda e: (_sort_key(e), e.uid))
    return CalendarExport(events=events, personal=request.followups or request.mine)


def _sort_key(event: CalendarEvent) -> str:
    if isinstance(event.start, datetime):
        return event.start.isoformat()
    return event.start.isoformat() + "T00:00:00"
