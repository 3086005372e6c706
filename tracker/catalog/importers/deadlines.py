"""The gate's rules for deadlines: typed, zoned, readable, before the conference (see validate.py)."""

from __future__ import annotations

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
    # The same type more than once (and no rounds from the source): rounds in time order.
    by_type: dict[str, list[ValidDeadline]] = {}
    for valid in out:
        by_type.setdefault(valid.type, []).append(valid)
    for group in by_type.values():
        if len(group) > 1 and all(v.round is None for v in group) and group[0].type != "other":
            for i, valid in enumerate(sorted(group, key=lambda v: v.at_utc), start=1):
                valid.round = i
    return sorted(out, key=lambda v: (v.at_utc, v.type))


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
        raise Reject(f"{d.field}.timezone", str(exc)) from exc
    if d.when in (None, ""):
        raise Reject(f"{d.field}.date", "no date given")
    try:
        instant = timezones.localize(str(d.when), str(d.zone))
    except Invalid as exc:
        raise Reject(f"{d.field}.date", str(exc)) from exc
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
