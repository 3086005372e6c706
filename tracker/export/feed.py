"""``tracker calendar feed``: one iCalendar file of *my* things, to subscribe to and rewrite.

What goes in: the editions whose status says I plan to go or to submit
(:data:`FEED_STATUSES`), with their days and their deadlines; my agenda (picked talks and
posters with times); my open plan items with a due day; my open follow-ups. Nothing else
of the catalog.

A calendar that subscribes to the file matches events by UID, so each UID names the
thing and never its current wording or date: a deadline is ``deadline-KEY-TYPE-ROUND``
(an estimated paper deadline and the real one that replaces it are the same event; a
label tells apart only two deadlines that would otherwise share a UID). Each UID's dates
are remembered (:class:`~tracker.models.personal.FeedEvent`): when they move, SEQUENCE
goes up by one and LAST-MODIFIED becomes the time of the rewrite, so clients replace the
event instead of keeping both.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.deadline_labels import shown_label
from tracker.catalog.ended import not_ended_clause
from tracker.export.calendar import deadline_uids, short_title
from tracker.export.ics import CalendarEvent, uid
from tracker.i18n import N_, _
from tracker.models.catalog import Deadline, Edition
from tracker.models.learning import AgendaItem, Talk
from tracker.models.personal import FeedEvent, FollowUp, PlanItem
from tracker.personal.plans import kind_word

#: The statuses that mean "I am going, or sending a paper": interested, attended and skipped are not.
FEED_STATUSES = ("planning", "submitted", "accepted", "registered", "attending")
REFRESH = timedelta(hours=6)
ESTIMATED_MARK = N_(" (estimated)")


@dataclass(frozen=True)
class Feed:
    events: list[CalendarEvent]
    counts: dict[str, int]  # "edition", "deadline", "talk", "plan", "follow-up"


def location(edition: Edition) -> str | None:
    """A human address: "Sydney, Australia" (a venue before it when known), never country codes."""
    country = _country_name(edition.country) if edition.country else None
    region = edition.region if edition.country == "US" else None  # "Austin, TX, United States"
    parts = [p for p in (edition.venue, edition.city, region, country) if p]
    return ", ".join(parts) or None


def _country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _my_editions(session: Session, today: date) -> list[Edition]:
    from tracker.personal.status import my_editions

    keys = [s.key for s in my_editions(session) if s.status in FEED_STATUSES]
    if not keys:
        return []
    query = (
        select(Edition)
        .options(selectinload(Edition.deadlines), selectinload(Edition.series))
        .where(Edition.key.in_(keys), not_ended_clause(today))
        .order_by(Edition.start_date, Edition.key)
    )
    return list(session.scalars(query))


def _deadline_event(edition: Edition, deadline: Deadline, event_uid: str) -> CalendarEvent:
    estimated = deadline.estimated or edition.estimated
    # Titles in the interface's language (the UID and SEQUENCE do not depend on them).
    kind = _(deadline.type.replace("_", " "))
    round_part = _(" round {round}").format(round=deadline.round) if deadline.round else ""
    deadline_text = _("{kind} deadline{round}").format(kind=kind, round=round_part)
    description = (
        _("{edition}: {deadline}.").format(edition=edition.title or edition.key, deadline=deadline_text)
        + "\n"
        + _("Local time: {local} {zone}.").format(local=deadline.local_text, zone=deadline.timezone)
    )
    label = shown_label(deadline.label, deadline.type) if deadline.label else ""
    if label:
        description += f"\n{label}."
    # "other" says nothing in a calendar: its label is what it is.
    what = label if deadline.type == "other" and label else deadline_text
    if estimated:
        description += "\n" + _("Estimated from earlier editions; check the official site.")
    return CalendarEvent(
        uid=event_uid,
        summary=_("{edition}: {what}").format(edition=short_title(edition), what=what)
        + (_(ESTIMATED_MARK) if estimated else ""),
        start=deadline.at_utc,
        description=description,
        url=edition.link,
        categories=("deadline", *(("estimated",) if estimated else ())),
        tentative=estimated,
    )


def _edition_event(edition: Edition, status: str) -> CalendarEvent:
    from tracker.personal.status import status_word

    assert edition.start_date is not None
    return CalendarEvent(
        uid=uid("edition", edition.key),
        summary=short_title(edition) + (_(ESTIMATED_MARK) if edition.estimated else ""),
        start=edition.start_date,
        end=edition.end_date or edition.start_date,
        description=_("{edition} ({mode}). Your status: {status}.").format(
            edition=edition.title or edition.key, mode=_(edition.mode), status=status_word(status)
        ),
        location=location(edition),
        url=edition.link,
        categories=("conference", *(("estimated",) if edition.estimated else ())),
        tentative=edition.estimated,
    )


def _talk_events(session: Session) -> list[CalendarEvent]:
    query = (
        select(Talk)
        .join(AgendaItem, AgendaItem.talk_id == Talk.id)
        .options(selectinload(Talk.edition).selectinload(Edition.series))
        .where(Talk.starts_at.is_not(None))
        .order_by(Talk.starts_at, Talk.id)
    )
    events = []
    for talk in session.scalars(query):
        assert talk.starts_at is not None
        where = ", ".join(p for p in (talk.room, talk.poster_position) if p)
        place = location(talk.edition)
        events.append(
            CalendarEvent(
                uid=uid("talk", talk.edition.key, talk.external_id or str(talk.id)),
                summary=f"{short_title(talk.edition)}: {talk.title}",
                start=talk.starts_at,
                ends_at=talk.ends_at or talk.starts_at + timedelta(minutes=30),
                description="\n".join(
                    p for p in (talk.kind, talk.session, ", ".join(talk.speakers or [])) if p
                ),
                location=", ".join(p for p in (where, place) if p) or None,
                url=talk.url,
                categories=("agenda", *((talk.kind.lower(),) if talk.kind else ())),
            )
        )
    return events


def _plan_events(session: Session) -> list[CalendarEvent]:
    query = (
        select(PlanItem)
        .options(selectinload(PlanItem.edition).selectinload(Edition.series))
        .where(PlanItem.done_at.is_(None), PlanItem.due.is_not(None))
        .order_by(PlanItem.due, PlanItem.id)
    )
    events = []
    for item in session.scalars(query):
        assert item.due is not None
        events.append(
            CalendarEvent(
                uid=uid("plan", item.edition.key, str(item.id)),
                summary=f"{short_title(item.edition)}: {item.text}"[:300],
                start=item.due,
                description=_("Plan item {position} ({kind}) for {key}.").format(
                    position=item.position, kind=kind_word(item.kind), key=item.edition.key
                ),
                categories=("plan", item.kind),
            )
        )
    return events


def _followup_events(session: Session) -> list[CalendarEvent]:
    query = (
        select(FollowUp)
        .options(selectinload(FollowUp.contact))
        .where(FollowUp.done_at.is_(None))
        .order_by(FollowUp.due, FollowUp.id)
    )
    return [
        CalendarEvent(
            uid=uid("followup", str(item.id)),
            summary=_("Follow up: {name}").format(name=item.contact.name),
            start=item.due,
            description=item.what,
            categories=("follow-up",),
        )
        for item in session.scalars(query)
    ]


def _fingerprint(event: CalendarEvent) -> str:
    """What counts as a move: the event's dates (a retitled event keeps its SEQUENCE)."""
    text = f"{event.start.isoformat()}|{event.end}|{event.ends_at}"
    return hashlib.sha256(text.encode()).hexdigest()


def _revise(session: Session, events: list[CalendarEvent], now: datetime) -> list[CalendarEvent]:
    """Each event with its SEQUENCE and LAST-MODIFIED, bumped where its dates moved since the last feed."""
    known = {row.uid: row for row in session.scalars(select(FeedEvent))}
    out = []
    for event in events:
        print_ = _fingerprint(event)
        row = known.get(event.uid)
        if row is None:
            row = FeedEvent(uid=event.uid, fingerprint=print_, sequence=0, modified_at=now)
            session.add(row)
        elif row.fingerprint != print_:
            row.fingerprint, row.sequence, row.modified_at = print_, row.sequence + 1, now
        out.append(replace(event, sequence=row.sequence, modified=row.modified_at))
    session.flush()
    return out


def build(session: Session, *, now: datetime, estimates: bool = True) -> Feed:
    """My events, each with its SEQUENCE; remembers their dates in ``session`` (a write session)."""
    from tracker.personal.status import current_status

    editions = {e.id: e for e in _my_editions(session, now.date())}
    events: list[CalendarEvent] = []
    counts: Counter[str] = Counter()
    for edition in editions.values():
        status = current_status(session, edition)
        if edition.start_date is not None:
            events.append(_edition_event(edition, status.status if status else ""))
            counts["edition"] += 1
        uids = deadline_uids(edition)
        for deadline in edition.deadlines:
            events.append(_deadline_event(edition, deadline, uids[deadline.id]))
            counts["deadline"] += 1
    for name, more in (
        ("talk", _talk_events(session)),
        ("plan", _plan_events(session)),
        ("follow-up", _followup_events(session)),
    ):
        events += more
        counts[name] += len(more)
    if not estimates:
        kept = [e for e in events if not e.tentative]
        for event in events:
            if event.tentative:
                counts["edition" if event.uid.startswith("edition-") else "deadline"] -= 1
        events = kept
    events.sort(key=lambda e: (_sort_key(e), e.uid))
    return Feed(_revise(session, events, now), dict(counts))


def _sort_key(event: CalendarEvent) -> str:
    if isinstance(event.start, datetime):
        return event.start.isoformat()
    return event.start.isoformat() + "T00:00:00"
