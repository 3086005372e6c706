"""The gate's rules for deadlines: typed, zoned, readable, before the conference (see validate.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from tracker.catalog import timezones
from tracker.catalog.importers.records import DeadlineRecord, EditionRecord, Issue
from tracker.catalog.importers.valid import Reject, ValidDeadline, warn
from tracker.errors import Invalid

#: The sources' deadline words -> our fixed types (DEADLINE_TYPES); any other word is "other".
TYPE_MAP = {
    "abstract": "abstract",
    "abstract_deadline": "abstract",
    "paper": "paper",
    "submission": "paper",
    "full_paper": "paper",
    "deadline": "paper",
    "supplementary": "supplementary",
    "rebuttal_start": "rebuttal_start",
    "rebuttal_end": "rebuttal_end",
    "notification": "notification",
    "first-notification": "notification",
    "final-notification": "notification",
    "camera_ready": "camera_ready",
    "camera-ready": "camera_ready",
    "registration": "registration",
}
MAX_LEAD = timedelta(days=730)


def check_deadlines(
    rec: EditionRecord, start: date | None, end: date | None, issues: list[Issue]
) -> list[ValidDeadline]:
    out: list[ValidDeadline] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for d in rec.deadlines:
        try:
            valid = _deadline(d, start, end)
        except Reject as exc:
            issues.append(Issue(rec.record_id, exc.field, exc.reason))
            continue
        identity = (valid.type, valid.local_text, valid.zone, valid.label)
        if identity in seen:
            issues.append(
                warn(rec, d.field, f"duplicate {valid.type} deadline {valid.local_text}; kept once")
            )
            continue
        seen.add(identity)
        out.append(valid)
    assign_rounds(out)
    return sorted(out, key=lambda v: (v.at_utc, v.type))


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ROUND_IN_LABEL = re.compile(
    r"\b(?:round|cycle)\s*(\d+)\b|\b(first|second|third|fourth|fifth|sixth)\s+(?:round|cycle)\b", re.I
)


def assign_rounds(deadlines: list[ValidDeadline]) -> None:
    """Rounds where the source has none: from the label, else for a type repeated under one label.

    "Abstract submission (Round 2)" and "Notification (Second Cycle)" say their round. A type
    that occurs more than once with the same (or no) label is a series of rounds, numbered in
    time order. Differently labelled deadlines of one type ("Paper submission" and "Paper video
    submission") are distinct deadlines, not rounds: their labels tell them apart.
    """
    for valid in deadlines:
        if valid.round is None and valid.label:
            match = _ROUND_IN_LABEL.search(valid.label)
            if match:
                valid.round = int(match.group(1)) if match.group(1) else _ORDINALS[match.group(2).lower()]
    groups: dict[tuple[str, str], list[ValidDeadline]] = {}
    for valid in deadlines:
        groups.setdefault((valid.type, (valid.label or "").casefold()), []).append(valid)
    for group in groups.values():
        if len(group) > 1 and all(v.round is None for v in group) and group[0].type != "other":
            for i, valid in enumerate(sorted(group, key=lambda v: v.at_utc), start=1):
                valid.round = i


def _deadline(d: DeadlineRecord, start: date | None, end: date | None) -> ValidDeadline:
    word = d.kind.strip().lower()
    if not word:
        raise Reject(f"{d.field}.type", "missing deadline type")
    kind = TYPE_MAP.get(word, "other")
    label = d.label
    if kind == "other" and not label:
        label = word.replace("_", " ").replace("-", " ")
    if d.zone in (None, ""):
        raise Reject(f"{d.field}.timezone", "no time zone given")
    try:
        timezones.parse_zone(str(d.zone))
    except Invalid as exc:
        raise Reject(f"{d.field}.timezone", exc.kept()) from exc
    if d.when in (None, ""):
        raise Reject(f"{d.field}.date", "no date given")
    try:
        instant = timezones.localize(str(d.when), str(d.zone))
    except Invalid as exc:
        raise Reject(f"{d.field}.date", exc.kept()) from exc
    local_day = datetime.strptime(instant.local_text, "%Y-%m-%d %H:%M:%S").date()
    if end is not None and local_day > end:
        raise Reject(
            f"{d.field}.date", f"{kind} deadline {instant.local_text} is after the conference ended ({end})"
        )
    if start is not None and start - local_day > MAX_LEAD:
        message = f"{d.field}.date"
        raise Reject(
            message, f"{kind} deadline {instant.local_text} is over two years before the conference ({start})"
        )
    return ValidDeadline(kind, label, d.round, instant.utc, instant.local_text, instant.zone)
