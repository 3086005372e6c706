"""Deadlines written in prose ("Submission deadline: May 30, 2025 (AoE)") to gate records.

A workshop's call for papers often states its deadlines in a sentence rather than in a
field. :func:`deadline_records` reads one such sentence into a
:class:`~tracker.catalog.importers.records.DeadlineRecord` only when it is unambiguous:

- one deadline word (abstract, submission/paper, notification/decision, camera-ready),
- exactly one date, with its year ("May 30, 2025", "30 May 2025", "2025-05-30"),
- a time zone the catalog knows ("AoE", "UTC-12", "GMT", "PST"...); none given, none guessed.

The time is the one written ("11:59 pm", "23:59"), else the end of that day (23:59:59), as
deadlines are read everywhere. The sentence itself becomes the record's label, so the text
is kept beside the parsed instant; the validation gate (``deadlines.check_deadlines``)
then decides as it does for every other source.
"""

from __future__ import annotations

import re

from tracker.catalog import timezones
from tracker.catalog.importers.records import DeadlineRecord
from tracker.errors import Invalid

_MONTHS = {
    m: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}\s*,?\s+(?P<year2>20\d\d)"
    r"|(?P<iso>20\d\d-\d\d-\d\d))\b",
    re.I,
)
_TIME = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s*(?P<ampm>[ap]\.?m\.?)?(?=\s|$|[),;])", re.I)
_ZONE = re.compile(
    r"\b(AoE|anywhere on earth|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::\d\d)?|UTC|GMT|[PMCE][SD]T|CET|CEST)\b", re.I
)
_KINDS = (
    ("abstract", re.compile(r"\babstracts?\b", re.I)),
    ("camera_ready", re.compile(r"\bcamera[- ]?ready\b", re.I)),
    ("notification", re.compile(r"\b(?:notification|decisions?|acceptance)\b", re.I)),
    ("paper", re.compile(r"\b(?:submissions?|papers?|deadline|due)\b", re.I)),
)


def _kind(text: str) -> str | None:
    found = [kind for kind, pattern in _KINDS if pattern.search(text)]
    return found[0] if found else None


def _zone(text: str) -> str | None:
    zones = {re.sub(r"\s+", "", z.group(1)) for z in _ZONE.finditer(text)}
    if len(zones) != 1:
        return None
    zone = zones.pop()
    return "AoE" if zone.lower() in ("aoe", "anywhereonearth") else zone.upper()


def _clock(rest: str) -> str | None:
    """The time written right after the date ("11:59 pm", "23:59"), as HH:MM:SS; else None."""
    found = _TIME.match(rest.strip(" ,at"))
    if not found or (found.group("m") is None and found.group("ampm") is None):
        return None
    hour, minute = int(found.group("h")), int(found.group("m") or 0)
    ampm = (found.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{'59' if minute == 59 else '00'}"


def deadline_record(text: str, where: str) -> DeadlineRecord | None:
    """The one deadline ``text`` states, or None when it is not unambiguous (see module doc)."""
    kind = _kind(text)
    dates = list(_DATE.finditer(text))
    zone = _zone(text)
    if kind is None or len(dates) != 1 or zone is None:
        return None
    found = dates[0]
    if found.group("iso"):
        day_text = found.group("iso")
    else:
        month = _MONTHS[(found.group("month") or found.group("month2")).lower().rstrip(".")[:3]]
        day = int(found.group("day") or found.group("day2"))
        day_text = f"{int(found.group('year') or found.group('year2')):04d}-{month:02d}-{day:02d}"
    when = f"{day_text} {_clock(text[found.end() :]) or '23:59:59'}"
    try:
        timezones.localize(when, zone)  # a date that does not exist (Feb 30) is not unambiguous
    except Invalid:
        return None
    return DeadlineRecord(kind=kind, when=when, zone=zone, field=where, label=text[:200])


def deadline_records(texts: list[str], prefix: str = "deadlines") -> tuple[list[DeadlineRecord], list[str]]:
    """Records for the sentences that parse, and the sentences left out (not unambiguous)."""
    records: list[DeadlineRecord] = []
    left: list[str] = []
    for n, text in enumerate(texts):
        record = deadline_record(text, f"{prefix}[{n}]")
        if record is None:
            left.append(text)
        else:
            records.append(record)
    return records, left
