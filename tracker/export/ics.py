"""Calendar events as iCalendar (RFC 5545), written with the icalendar library.

Instants are written in UTC (``DTSTART:20260129T115959Z``): a deadline in AoE or any
other zone is exact in every calendar application, and the original local time and
zone go into the description. A fixed-offset tzinfo would be written as a zone with
no definition, which some readers take as UTC (12 hours off for AoE). Conference days
are all-day events (``VALUE=DATE``, DTEND exclusive). UIDs are derived from stable
catalog keys, so importing a newer export updates events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

PRODID = "-//tracker//AI conference tracker//EN"
UID_DOMAIN = "tracker.local"


@dataclass(frozen=True)
class CalendarEvent:
    """One event, independent of the database. ``start`` is a UTC instant or, all-day, a date."""

    uid: str
    summary: str
    start: datetime | date
    end: date | None = None  # last day of an all-day event (inclusive)
    description: str = ""
    location: str | None = None
    url: str | None = None
    categories: Sequence[str] = field(default_factory=tuple)
    tentative: bool = False  # estimated dates
    ends_at: datetime | None = None  # end of a timed event (a talk); a deadline has none
    sequence: int | None = None  # revision of the event (RFC 5545 SEQUENCE), when kept
    modified: datetime | None = None  # when its dates last moved; default: the export time


def uid(*parts: str) -> str:
    """A stable UID from catalog keys: ``deadline-icml2026-paper-1@tracker.local``."""
    return "-".join(p.replace(" ", "_") for p in parts if p) + f"@{UID_DOMAIN}"


def render(
    events: Sequence[CalendarEvent],
    *,
    name: str = "tracker",
    stamp: datetime,
    refresh: timedelta | None = None,
) -> bytes:
    """The iCalendar bytes for ``events``; ``stamp`` (the export time, UTC) is every DTSTAMP.

    ``refresh`` asks subscribed clients to fetch the file again that often
    (REFRESH-INTERVAL, RFC 7986, and X-PUBLISHED-TTL for the clients that read only that).
    """
    from icalendar import Calendar, Event, vDuration

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))  # an X- property is text unless typed
    stamp = stamp.astimezone(UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", (item.modified or stamp).astimezone(UTC))
        if item.sequence is not None:
            event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        if isinstance(item.start, datetime):
            event.add("dtstart", item.start.astimezone(UTC))
            # A deadline is a moment; a zero-length event shows at that time everywhere.
            event.add("dtend", (item.ends_at or item.start).astimezone(UTC))
        else:
            event.add("dtstart", item.start)
            last = item.end or item.start
            event.add("dtend", last + timedelta(days=1))  # DTEND of a DATE event is exclusive
            event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.categories:
            event.add("categories", list(item.categories))
        event.add("status", "TENTATIVE" if item.tentative else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
