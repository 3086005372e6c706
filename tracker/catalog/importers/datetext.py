"""Conference date text ("December 9 - December 15, 2024") to a start and an end date.

The sources write dates for people: ``June 3-7, 2026``, ``Nov 02-08, 2024``, ``April 29-May 4,
2025``, ``March, 30 - April 3, 2026``, ``September 29 to October 2, 2026``, ``December 6, 2026``,
``November 30 - December 3`` (no year: the edition's), ``December 30, 2024 - January 3, 2025``.
Month names are read by their first three letters, so ``Sept`` and the typo ``Septemper``
work. Text without days (``August 2027 (exact dates TBD)``) is not a date range.
"""

from __future__ import annotations

import re
from datetime import date

from tracker.errors import Invalid
from tracker.i18n import N_, Message

_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}  # fmt: skip
_RANGE = re.compile(
    r"^(?P<m1>[a-z]+)\.?\s+(?P<d1>\d{1,2})(?:\s+(?P<y1>\d{4}))?"
    r"(?:\s*-\s*(?:(?P<m2>[a-z]+)\.?\s+)?(?P<d2>\d{1,2}))?"
    r"(?:\s+(?P<y2>\d{4}))?$"
)


def _month(word: str | None) -> int | None:
    if word is None:
        return None
    month = _MONTHS.get(word[:3])
    if month is None:
        raise Invalid(Message(N_("unknown month {word}"), word=repr(word)))
    return month


def _normalise(text: str) -> str:
    value = text.strip().strip("'\"").lower()
    value = value.replace("–", "-").replace("—", "-").replace(" to ", " - ")
    value = value.replace(",", " ")
    return " ".join(value.split())


def parse_date_range(text: str, year: int | None = None) -> tuple[date, date]:
    """(start, end) of a human date range; raises Invalid when it is not one."""
    value = _normalise(str(text))
    match = _RANGE.match(value)
    if not match:
        raise Invalid(Message(N_("cannot read the date text {text}"), text=repr(text)))
    m1 = _month(match["m1"])
    m2 = _month(match["m2"]) or m1
    assert m1 is not None and m2 is not None
    d1 = int(match["d1"])
    d2 = int(match["d2"]) if match["d2"] else d1
    end_year = int(match["y2"] or match["y1"] or 0) or year
    if end_year is None:
        raise Invalid(Message(N_("the date text {text} has no year"), text=repr(text)))
    start_year = int(match["y1"]) if match["y1"] else end_year - (1 if m1 > m2 else 0)
    try:
        start, end = date(start_year, m1, d1), date(end_year, m2, d2)
    except ValueError as exc:
        raise Invalid(Message(N_("impossible date in {text}: {exc}"), text=repr(text), exc=exc)) from exc
    if end < start:
        raise Invalid(Message(N_("the date text {text} ends before it starts"), text=repr(text)))
    return start, end
