"""The one place the current time comes from.

``TRACKER_NOW`` (ISO 8601, e.g. ``2026-03-01T12:00:00Z`` or ``2026-03-01``) pins the
clock so that tests and users can ask "what would tracker say on that day?".
A naive value is read as UTC.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from tracker.errors import Invalid

ENV_VAR = "TRACKER_NOW"


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time into an aware UTC datetime."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"{ENV_VAR}: not an ISO 8601 date or time: {text!r}") from exc
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
