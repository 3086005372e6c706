"""The one place the current time comes from, and days people type relative to it.

``TRACKER_NOW`` (ISO 8601, e.g. ``2026-03-01T12:00:00Z`` or ``2026-03-01``) pins the
clock so that tests and users can ask "what would tracker say on that day?".
A naive value is read as UTC.

The supported dates run from 1970-01-01 to 2999-12-31 (:data:`FIRST_DAY`, :data:`LAST_DAY`):
``TRACKER_NOW`` and every typed day must fall in that range, so that the years of
estimates and windows counted from them never leave the calendar Python can represent.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from tracker.errors import Invalid
from tracker.i18n import N_, Message

ENV_VAR = "TRACKER_NOW"
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
SUPPORTED = f"the supported dates run from {FIRST_DAY} to {LAST_DAY}"


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time into an aware UTC datetime."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(
            Message(N_("{ENV_VAR}: not an ISO 8601 date or time: {text}"), ENV_VAR=ENV_VAR, text=repr(text))
        ) from exc
    if not FIRST_DAY <= parsed.date() <= LAST_DAY:
        raise Invalid(
            Message(
                N_("{ENV_VAR}: {text} is out of range: {SUPPORTED}"),
                ENV_VAR=ENV_VAR,
                text=repr(text),
                SUPPORTED=SUPPORTED,
            )
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def now() -> datetime:
    """The current instant, aware, in UTC (``TRACKER_NOW`` when set)."""
    pinned = os.environ.get(ENV_VAR)
    if pinned:
        return parse_instant(pinned)
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC, from :func:`now`."""
    return now().date()


# Days typed by a person: ``2026-03-10``, ``7d``, ``2w``, ``today``, ``tomorrow`` -- one parser
# for every date option (``--on``, ``--due``, ``--from``, ``--to``), counted from :func:`today`.
_RELATIVE = re.compile(r"^\+?(\d{1,4})\s*([dw])$", re.IGNORECASE)
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_day(text: str, *, what: str = "date") -> date:
    """The day meant by ``text``; :class:`Invalid` (exit 2) names the value and the forms."""
    value = text.strip().lower()
    today_ = today()
    if value in _WORDS:
        day = today_ + timedelta(days=_WORDS[value])
    elif match := _RELATIVE.match(value):
        count = int(match.group(1))
        day = today_ + timedelta(days=count * 7 if match.group(2) == "w" else count)
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise Invalid(
                Message(
                    N_(
                        "invalid {what} {text}: use YYYY-MM-DD, Nd, Nw, today or tomorrow "
                        "(e.g. 2026-04-01, 7d)"
                    ),
                    what=what,
                    text=repr(text),
                )
            ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            Message(
                N_("{what} {text} is out of range: {SUPPORTED}"),
                what=what,
                text=repr(text),
                SUPPORTED=SUPPORTED,
            )
        )
    return day
