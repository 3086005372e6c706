"""iCalendar conference programmes to talk records (with the icalendar library).

Every event becomes a talk with its times as UTC instants and the zone it was written in.
Published calendars are often sloppy (no DTSTAMP, DTEND equal to an all-day DTSTART, a line
with a broken parameter): we read leniently, skip an event we cannot place in time with a
warning that names it, and never guess a zone -- a floating time in a calendar that names
no zone is an error for that event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from tracker.ingest.feeds import FeedError, plain_text, safe_link


@dataclass
class ProgrammeTalk:
    uid: str
    title: str
    abstract: str
    speakers: list[str]
    location: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str | None  # as written: a TZID, X-WR-TIMEZONE, or "UTC"
    all_day: bool
    url: str | None


@dataclass
class Programme:
    name: str | None
    talks: list[ProgrammeTalk]
    warnings: list[str] = field(default_factory=list)


def parse_programme(body: bytes) -> Programme:
    """Parse an .ics body; FeedError when it is not a calendar at all."""
    if not body.strip():
        raise FeedError("empty body: not a calendar")
    if not body.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise FeedError("not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except (ValueError, IndexError, KeyError) as exc:
        raise FeedError(f"calendar could not be parsed: {exc}") from exc
    default_zone_name = _text(calendar.get("X-WR-TIMEZONE"))
    default_zone = _zone(default_zone_name) if default_zone_name else None
    programme = Programme(name=_text(calendar.get("X-WR-CALNAME")), talks=[])
    if default_zone_name and default_zone is None:
        programme.warnings.append(f"calendar zone {default_zone_name!r} is unknown; floating times skipped")
    seen: set[str] = set()
    for position, event in enumerate(calendar.walk("VEVENT"), start=1):
        uid = _text(event.get("UID")) or f"#{position}"
        title = plain_text(event.get("SUMMARY"))
        label = f"event {uid} ({title or 'untitled'})"
        for _prop, message in getattr(event, "errors", []):
            programme.warnings.append(f"{label}: {message}")
        if uid in seen:
            programme.warnings.append(f"{label}: UID appears twice; kept the first")
            continue
        try:
            talk = _talk(event, uid, title, default_zone, default_zone_name)
        except FeedError as exc:
            programme.warnings.append(f"{label}: {exc}; skipped")
            continue
        seen.add(uid)
        programme.talks.append(talk)
    return programme


def _talk(
    event: Any, uid: str, title: str, default_zone: tzinfo | None, default_zone_name: str | None
) -> ProgrammeTalk:
    if not title:
        raise FeedError("no SUMMARY")
    start_prop = event.get("DTSTART")
    if start_prop is None:
        raise FeedError("no readable DTSTART")
    start_value = start_prop.dt
    end_prop = event.get("DTEND")
    end_value = end_prop.dt if end_prop is not None else None
    all_day = isinstance(start_value, date) and not isinstance(start_value, datetime)
    zone_name = _zone_name(start_value, start_prop, default_zone_name)
    starts_at = _instant(start_value, default_zone)
    ends_at = _instant(end_value, default_zone) if end_value is not None else None
    if all_day and (ends_at is None or ends_at <= starts_at):
        # DTEND is exclusive for dates; an end equal to the start means "that one day".
        ends_at = starts_at + timedelta(days=1)
    if ends_at is not None and ends_at < starts_at:
        raise FeedError("DTEND is before DTSTART")
    speakers = [_attendee_name(a) for a in _as_list(event.get("ATTENDEE"))]
    return ProgrammeTalk(
        uid=uid,
        title=title,
        abstract=plain_text(event.get("DESCRIPTION")),
        speakers=[s for s in speakers if s],
        location=plain_text(event.get("LOCATION")) or None,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone_name,
        all_day=all_day,
        url=safe_link(_text(event.get("URL"))),
    )


def _instant(value: date | datetime, default_zone: tzinfo | None) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            if default_zone is None:
                raise FeedError("floating time and the calendar names no zone (unknown zone)")
            value = value.replace(tzinfo=default_zone)
        return value.astimezone(UTC)
    # An all-day date starts at midnight in the calendar's zone (UTC when it names none).
    return datetime(value.year, value.month, value.day, tzinfo=default_zone or UTC).astimezone(UTC)


def _zone_name(value: date | datetime, prop: Any, default_zone_name: str | None) -> str | None:
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    if tzid:
        return str(tzid)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return "UTC" if value.utcoffset() == timedelta(0) else str(value.tzinfo)
    return default_zone_name or ("UTC" if not isinstance(value, datetime) else None)


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _attendee_name(attendee: Any) -> str:
    params = getattr(attendee, "params", {})
    name = params.get("CN") if params else None
    return plain_text(name or str(attendee).removeprefix("mailto:"))
