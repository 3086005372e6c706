"""Dates typed by a person: ``2026-03-10``, ``7d``, ``2w``, ``today``, ``tomorrow``.

One helper for every ``--on``/``--due`` option, so that all commands accept the same
forms. Relative forms count from :func:`tracker.clock.today`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker import clock
from tracker.errors import Invalid

_RELATIVE = re.compile(r"^\+?(\d{1,4})\s*([dw])$", re.IGNORECASE)
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_day(text: str, *, what: str = "date") -> date:
    """The day meant by ``text``; :class:`Invalid` (exit 2) names the value and the forms."""
    value = text.strip().lower()
    today = clock.today()
    if value in _WORDS:
        return today + timedelta(days=_WORDS[value])
    match = _RELATIVE.match(value)
    if match:
        count = int(match.group(1))
        days = count * 7 if match.group(2) == "w" else count
        return today + timedelta(days=days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"invalid {what} {text!r}: use YYYY-MM-DD, Nd, Nw, today or tomorrow (e.g. 2026-04-01, 7d)"
        ) from None
