"""iCalendar conference programmes to talks: the one reader for ``talks import`` and ``tracker sync``.

Every event becomes a talk with its times as UTC instants and the zone it was written in.
Published calendars are often sloppy (no DTSTAMP, DTEND equal to an all-day DTSTART), and
some are broken. The rules:

- an event without a readable DTSTART or a SUMMARY, whose DTEND is before its DTSTART, or
  whose UID came before is reported (event and field) and skipped, never half-stored;
- a zone is never guessed: a DTSTART/DTEND whose TZID is neither defined in the calendar
  nor a known zone is an error for that event, and so is a floating time when neither the
  calendar (X-WR-TIMEZONE) nor the caller (``--tz``) names a zone;
- an all-day event starts at midnight in the calendar's zone (UTC when it names none) and
  lasts at least that one day;
- a line icalendar could not read is reported with its event (the event may still be fine);
- text loses its markup and only http(s) links are kept (:mod:`tracker.markup`).

A body that is not a calendar at all is :class:`~tracker.errors.Invalid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import icalendar

from tracker.errors import Invalid
from tracker.i18n import N_, Message
from tracker.markup import plain_text, safe_link

if TYPE_CHECKING:
    from tracker.learning.talks import TalkRecord


@dataclass
class ProgrammeTalk:
    uid: str
    title: str
    abstract: str
    speakers: list[str]
    location: str | None
    starts_at: datetime
    ends_at: datetime | None
    timezone: str | None  # as written: a TZID, X-WR-TIMEZONE (or --tz), or "UTC"
    all_day: bool
    url: str | None

    def record(self, edition: str, source: str) -> TalkRecord:
        """The talk as :func:`tracker.learning.talks.upsert_talk` takes it."""
        from tracker.learning.talks import TalkRecord

        return TalkRecord(
            edition=edition,
            title=self.title,
            speakers=self.speakers,
            abstract=self.abstract,
            session=self.location,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            timezone=self.timezone,
            url=self.url,
            source=source,
        )


@dataclass
class Programme:
    name: str | None
    talks: list[ProgrammeTalk]
    warnings: list[str] = field(default_factory=list)  # "event UID (title): FIELD: reason"


class _Skip(Exception):
    """This event cannot be stored: ``field`` is what is wrong with it."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def parse_programme(body: bytes, *, default_zone: str | None = None) -> Programme:
    """The talks of an .ics body; ``default_zone`` is for floating times when the calendar names none.

    Invalid when the body is not a calendar, or when ``default_zone`` is not a zone.
    """
    from tracker.catalog.timezones import parse_zone

    if not body.strip():
        raise Invalid(Message(N_("empty: not a calendar")))
    if not body.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise Invalid(Message(N_("not an iCalendar file (it does not start with BEGIN:VCALENDAR)")))
    fallback = parse_zone(default_zone) if default_zone else None  # the caller's zone must be right
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except (ValueError, IndexError, KeyError) as exc:
        raise Invalid(Message(N_("calendar could not be parsed: {exc}"), exc=exc)) from exc
    programme = Programme(name=_text(calendar.get("X-WR-CALNAME")), talks=[])
    zone_name = _text(calendar.get("X-WR-TIMEZONE"))
    zone = fallback
    if zone_name:
        zone = _zone(zone_name)
        if zone is None:
            message = f"unknown zone {zone_name!r}; floating times skipped"
            programme.warnings.append(f"calendar: X-WR-TIMEZONE: {message}")
    else:
        zone_name = default_zone
    seen: set[str] = set()
    for position, event in enumerate(calendar.walk("VEVENT"), start=1):
        uid = _text(event.get("UID")) or f"#{position}"
        title = plain_text(event.get("SUMMARY"))
        label = f"event {uid} ({title or 'untitled'})"
        for prop, message in getattr(event, "errors", []):
            programme.warnings.append(f"{label}: {prop or '(line)'}: {message}")
        try:
            if uid in seen:
                raise _Skip("UID", "appears twice; kept the first")
            talk = _talk(event, uid, title, zone, zone_name)
        except _Skip as skip:
            programme.warnings.append(f"{label}: {skip.field}: {skip.reason}; skipped")
            continue
        seen.add(uid)
        programme.talks.append(talk)
    return programme


def _talk(event: Any, uid: str, title: str, zone: tzinfo | None, zone_name: str | None) -> ProgrammeTalk:
    if not title:
        raise _Skip("SUMMARY", "missing")
    start_prop = event.get("DTSTART")
    if start_prop is None:
        raise _Skip("DTSTART", "missing or unreadable")
    end_prop = event.get("DTEND")
    start_value = start_prop.dt
    all_day = isinstance(start_value, date) and not isinstance(start_value, datetime)
    starts_at = _instant(start_prop, "DTSTART", zone)
    ends_at = _instant(end_prop, "DTEND", zone) if end_prop is not None else None
    if all_day and (ends_at is None or ends_at <= starts_at):
        # DTEND is exclusive for dates; an end equal to the start means "that one day".
        ends_at = starts_at + timedelta(days=1)
    if ends_at is not None and ends_at < starts_at:
        raise _Skip("DTEND", "before DTSTART")
    speakers = [_attendee_name(a) for a in _as_list(event.get("ATTENDEE"))]
    return ProgrammeTalk(
        uid=uid,
        title=title,
        abstract=plain_text(event.get("DESCRIPTION")),
        speakers=[s for s in speakers if s],
        location=plain_text(event.get("LOCATION")) or None,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=_zone_label(start_prop, zone_name),
        all_day=all_day,
        url=safe_link(_text(event.get("URL"))),
    )


def _instant(prop: Any, field_name: str, zone: tzinfo | None) -> datetime:
    value = prop.dt
    if isinstance(value, datetime):
        if value.tzinfo is None:
            tzid = prop.params.get("TZID")
            if tzid:
                # icalendar leaves a time naive when it cannot resolve its TZID.
                raise _Skip(field_name, f"unknown TZID {str(tzid)!r}")
            if zone is None:
                raise _Skip(field_name, "floating time and the calendar names no zone")
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    if not isinstance(value, date):
        raise _Skip(field_name, f"not a date or time: {value!r}")
    # An all-day date starts at midnight in the calendar's zone (UTC when it names none).
    return datetime(value.year, value.month, value.day, tzinfo=zone or UTC).astimezone(UTC)


def _zone_label(prop: Any, zone_name: str | None) -> str | None:
    """The zone the start was written in, for display next to the UTC instant."""
    value = prop.dt
    tzid = prop.params.get("TZID")
    if tzid:
        return str(tzid)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return "UTC" if value.utcoffset() == timedelta(0) else str(value.tzinfo)
    return zone_name or ("UTC" if not isinstance(value, datetime) else None)


def _zone(name: str) -> tzinfo | None:
    from tracker.catalog.timezones import parse_zone

    try:
        return parse_zone(name)
    except Invalid:
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
