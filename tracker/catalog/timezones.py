"""Time zones as conference trackers write them, turned into UTC instants.

Every deadline is stored as an aware UTC instant together with the text and zone the
source gave, so that nothing is lost and ``conf show`` can print both.

Zones understood (surrounding spaces ignored, case-insensitive except IANA names):

- ``AoE`` ("Anywhere on Earth") = a fixed UTC-12, the last place on Earth where a day ends.
- ``UTC``, ``GMT``, ``Z`` = UTC.
- ``UTC±H``, ``UTC±HH``, ``UTC±H:MM``, ``UTC±HHMM`` and the same with ``GMT``: fixed offsets.
  ``GMT+8`` means eight hours *ahead* of Greenwich, as people write it (not the reversed POSIX
  sign of the IANA names ``Etc/GMT+8``; those IANA names keep their own meaning).
- IANA names with daylight saving (``America/Los_Angeles``, ``Europe/Paris``), from tzdata.
- Abbreviations, mapped explicitly by :data:`ABBREVIATIONS`:

  * a *generic* name (``PT``, ``ET``, ``CT``, ``MT``) means the region's civil time, so it
    follows daylight saving: ``PT`` = America/Los_Angeles;
  * a *specific* name (``PST``, ``PDT``, ``EST``, ``CET``, ``CEST``, ``BST``, ``JST``...)
    names one offset, so it is taken literally: ``PST`` = UTC-8 even in July.
    (Sources sometimes write "PST" in summer; the literal reading is the documented one,
    and the original text is kept next to the instant.)

Local times: ``%Y-%m-%d %H:%M:%S``, ``%Y-%m-%d %H:%M`` (seconds 0), the same with a ``T``,
and a bare date ``%Y-%m-%d``, which means the *end* of that day, 23:59:59 (a deadline
"on May 6" is open all of May 6). Impossible dates (month 13, 30 February) raise.
A local time that falls into a daylight-saving gap or fold is read with ``fold=0``
(the earlier of two readings), as :mod:`zoneinfo` does.

Unknown zones or unreadable times raise :class:`tracker.errors.Invalid`; the importers
turn that into a rejection naming the record and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from tracker import clock
from tracker.errors import Invalid
from tracker.i18n import N_, Message

#: Anywhere on Earth: the deadline holds until the day has ended everywhere.
AOE = timezone(timedelta(hours=-12), "AoE")

#: Abbreviation -> IANA zone (generic, follows daylight saving) or fixed offset in hours.
ABBREVIATIONS: dict[str, str | float] = {
    # North America, generic (daylight saving applies)
    "PT": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "AKT": "America/Anchorage",
    "HT": "Pacific/Honolulu",
    # North America, specific
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    # Europe, specific
    "WET": 0,
    "WEST": 1,
    "BST": 1,  # British Summer Time
    "IST": 5.5,  # India Standard Time (the usual meaning in conference calls)
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    # Asia and Oceania, specific
    "SGT": 8,
    "HKT": 8,
    "KST": 9,
    "JST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
}

_OFFSET = re.compile(r"^(?:UTC|GMT)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_LOCAL_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
#: A bare date means the end of that day (documented above).
END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class LocalInstant:
    """A deadline as the source wrote it and the UTC instant it means."""

    utc: datetime  # aware, UTC
    local_text: str  # normalised "YYYY-MM-DD HH:MM:SS"
    zone: str  # as given (stripped): "AoE", "UTC-8", "America/Los_Angeles"


def _fixed(hours: float, name: str) -> timezone:
    return timezone(timedelta(hours=hours), name)


@lru_cache(maxsize=256)
def parse_zone(zone: str) -> tzinfo:
    """The tzinfo meant by ``zone``; raises Invalid for a zone nobody can place."""
    text = str(zone).strip()
    if not text:
        raise Invalid(Message(N_("empty time zone")))
    upper = text.upper()
    if upper == "AOE":
        return AOE
    if upper in ("UTC", "GMT", "Z", "UTC+0", "UTC-0", "GMT+0", "GMT-0"):
        return UTC
    match = _OFFSET.match(text)
    if match:
        sign = -1 if match.group(1) in "-−" else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            raise Invalid(Message(N_("time zone offset out of range: {text}"), text=repr(text)))
        return timezone(sign * timedelta(hours=hours, minutes=minutes), text)
    if upper in ABBREVIATIONS:
        target = ABBREVIATIONS[upper]
        return _iana(target) if isinstance(target, str) else _fixed(target, upper)
    if "/" in text:
        return _iana(text)
    raise Invalid(Message(N_("unknown time zone {text}"), text=repr(text)), suggestions=_close_zones(text))


def _iana(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(
            Message(N_("unknown time zone {name}"), name=repr(name)), suggestions=_close_zones(name)
        ) from exc


def _close_zones(text: str) -> list[str]:
    import difflib
    from zoneinfo import available_timezones

    names = sorted(available_timezones()) + sorted(ABBREVIATIONS) + ["AoE", "UTC"]
    return difflib.get_close_matches(text, names, n=3, cutoff=0.7)


def parse_local(text: str) -> datetime:
    """A naive local date-time from the source's text; a bare date means 23:59:59."""
    value = str(text).strip()
    if _DATE_ONLY.match(value):
        try:
            day = date(*(int(part) for part in value.split("-")))
        except ValueError as exc:
            raise Invalid(Message(N_("impossible date {value}: {exc}"), value=repr(value), exc=exc)) from exc
        return datetime.combine(day, END_OF_DAY)
    for fmt in _LOCAL_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise Invalid(
        Message(
            N_("not a date and time (YYYY-MM-DD[ HH:MM[:SS]]) or an impossible one: {value}"),
            value=repr(value),
        )
    )


def to_utc(local_text: str, zone: str) -> datetime:
    """The aware UTC instant of ``local_text`` read in ``zone``.

    >>> to_utc("2026-05-06 23:59:59", "AoE").isoformat()
    '2026-05-07T11:59:59+00:00'
    """
    return localize(local_text, zone).utc


def localize(local_text: str, zone: str) -> LocalInstant:
    """Like :func:`to_utc`, keeping the normalised local text and the zone as given."""
    naive = parse_local(local_text)
    tz = parse_zone(zone)
    aware = naive.replace(tzinfo=tz)
    return LocalInstant(
        utc=aware.astimezone(UTC),
        local_text=naive.strftime("%Y-%m-%d %H:%M:%S"),
        zone=str(zone).strip(),
    )


def instant_from_text(value: object, zone: str | None, where: str) -> datetime | None:
    """A time a person or a programme file typed, as a UTC instant (None for nothing typed).

    ``2026-12-07T10:00:00Z`` and ``2026-12-07 10:00+11:00`` carry their own offset; a
    local ``2026-12-07 10:00`` needs ``zone``. Errors start with ``where`` (the option or
    the record and field), so the person can find what to fix.
    """
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        parsed: datetime | None = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text)
    except ValueError:
        parsed = None
    try:
        if parsed is not None and parsed.tzinfo is not None:
            instant = parsed.astimezone(UTC)  # an explicit offset needs no zone
        elif not zone:
            raise Invalid(
                Message(N_("{where}: local time {text} needs a timezone"), where=where, text=repr(text))
            )
        else:
            instant = to_utc(text.replace("T", " "), zone)
        if not clock.FIRST_DAY <= instant.date() <= clock.LAST_DAY:
            raise OverflowError(text)
        return instant
    except OverflowError as exc:  # year 1 in Vienna is before the calendar starts
        raise Invalid(
            Message(
                N_("{where}: {text} is out of range: {SUPPORTED}"),
                where=where,
                text=repr(text),
                SUPPORTED=clock.SUPPORTED,
            )
        ) from exc
    except ValueError as exc:
        raise Invalid(
            Message(N_("{where}: not a date and time: {text}"), where=where, text=repr(text))
        ) from exc
    except Invalid as exc:
        if exc.message.startswith(where):
            raise
        raise Invalid(
            Message(N_("{where}: {message}"), where=where, message=exc.message), suggestions=exc.suggestions
        ) from exc


def zone_name(tz: tzinfo | None, now: datetime) -> str:
    """The reader's zone by name ("Europe/Berlin" rather than today's abbreviation);
    ``tz`` None means the system zone (``TZ`` or the OS setting)."""
    if tz is None:
        import os

        named = os.environ.get("TZ", "").lstrip(":")
        if "/" in named and not named.startswith("/"):
            return named
        return now.astimezone().tzname() or "local"
    return str(getattr(tz, "key", None) or now.astimezone(tz).tzname() or "local")
