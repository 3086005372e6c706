"""The feeds: deadlines of a filtered view as iCalendar, my calendar, and catalog changes as Atom.

The events come from the calendar export's builders (``tracker calendar export`` and
``tracker calendar feed``), the changes from ``tracker changes``' reader.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tracker.export import atom, calendar, feed, ics
from tracker.export.ics import CalendarEvent
from tracker.ingest.changes import ChangeView, recent_changes
from tracker.web.query import DeadlineQuery

#: How far back the changes feed reaches.
CHANGES_WINDOW = timedelta(days=90)


def deadline_events(session: Session, query: DeadlineQuery, *, now: datetime) -> list[CalendarEvent]:
    """Every deadline ahead of the editions the query keeps (raises Invalid for a bad filter)."""
    parsed = query.parsed()
    request = calendar.CalendarRequest(
        deadlines=True, conferences=False, types=parsed.types, where=parsed.where
    )
    return calendar.build(session, request, now=now).events


def calendar_bytes(events: list[CalendarEvent], name: str, now: datetime) -> bytes:
    """A calendar to subscribe to: clients are asked to fetch it again every few hours."""
    return ics.render(events, name=name, stamp=now, refresh=feed.REFRESH)


def deadlines_ics(session: Session, query: DeadlineQuery, *, now: datetime, name: str = "tracker") -> bytes:
    return calendar_bytes(deadline_events(session, query, now=now), name, now)


def mine_ics(session: Session, *, now: datetime) -> bytes:
    """``tracker calendar feed``'s events. In a read session the SEQUENCE numbers are computed
    against the stored ones but nothing is remembered: fetching a feed changes no state."""
    return calendar_bytes(feed.build(session, now=now).events, "tracker: mine", now)


def _entry(change: ChangeView, link: Callable[[str], str | None]) -> atom.FeedEntry:
    what = change.detail or change.kind.replace("_", " ")
    values = " → ".join(v for v in (change.from_value, change.to_value) if v)
    return atom.FeedEntry(
        id_parts=(change.subject, change.kind, change.at.strftime("%Y%m%dT%H%M%S"), change.source),
        title=f"{change.subject}: {what}",
        updated=change.at,
        summary=f"{what}: {values} (source: {change.source})"
        if values
        else f"{what} (source: {change.source})",
        link=link(change.subject),
    )


def changes_atom(
    session: Session,
    *,
    now: datetime,
    link: Callable[[str], str | None],
    keys: Collection[str] | None = None,
    title: str = "tracker: catalog changes",
    feed_id: str = "changes",
) -> bytes:
    """Changes of the last :data:`CHANGES_WINDOW` (of the editions ``keys`` only, when given)."""
    changes = [c for c in recent_changes(session, now - CHANGES_WINDOW) if keys is None or c.subject in keys]
    entries = [_entry(c, link) for c in changes]
    return atom.render(entries, title=title, feed_id=feed_id, updated=now)
