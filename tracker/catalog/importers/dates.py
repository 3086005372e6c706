"""The gate's rules for an edition's dates: start <= end, the year matches (see validate.py)."""

from __future__ import annotations

from datetime import date

from tracker.catalog import timezones
from tracker.catalog.importers.datetext import parse_date_range
from tracker.catalog.importers.records import EditionRecord, Issue
from tracker.catalog.importers.valid import Reject, iso_date, warn
from tracker.errors import Invalid


def _deadline_days(rec: EditionRecord) -> list[date]:
    """The local days of the deadlines that can be read (to judge which year is right)."""
    days = []
    for d in rec.deadlines:
        try:
            days.append(timezones.parse_local(str(d.when)).date())
        except Invalid:
            continue
    return days


def _shift(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return None


def check_dates(
    rec: EditionRecord, year: int, issues: list[Issue]
) -> tuple[date | None, date | None, str | None]:
    date_text = str(rec.date_text).strip() if rec.date_text not in (None, "") else None
    from_text: tuple[date, date] | None = None
    if date_text:
        try:
            from_text = parse_date_range(date_text, year)
        except Invalid:
            from_text = None
    start = end = None
    bad: list[str] = []
    for name, raw in (("start", rec.start), ("end", rec.end)):
        if raw in (None, ""):
            continue
        try:
            parsed = iso_date(raw)
        except ValueError:
            bad.append(name)
            continue
        if name == "start":
            start = parsed
        else:
            end = parsed
    for name in bad:
        if from_text is None:
            raise Reject(name, f"not a real date: {getattr(rec, name)!r}")
        repaired = from_text[0] if name == "start" else from_text[1]
        issues.append(
            warn(rec, name, f"not a real date {getattr(rec, name)!r}; used {repaired} from the date text")
        )
        if name == "start":
            start = repaired
        else:
            end = repaired
    if start is None and end is None:
        if from_text is None:
            if date_text:
                issues.append(warn(rec, "date", f"cannot read {date_text!r} as dates; stored without dates"))
            else:
                issues.append(warn(rec, "start", "no dates given; stored without dates"))
            return None, None, date_text
        start, end = from_text
        from_text = None  # the text is the only witness: nothing to compare with
        stated = "the date text"
    else:
        start = start or end
        end = end or start
        stated = "start/end"
    assert start is not None and end is not None
    if end < start:
        if from_text is not None and start == from_text[0]:
            message = (
                f"{end} is before start {start}; repaired to {from_text[1]} from the date text {date_text!r}"
            )
            issues.append(warn(rec, "end", message))
            end = from_text[1]
        elif from_text is not None and end == from_text[1]:
            message = (
                f"{start} is after end {end}; repaired to {from_text[0]} from the date text {date_text!r}"
            )
            issues.append(warn(rec, "start", message))
            start = from_text[0]
        else:
            raise Reject("end", f"end {end} is before start {start}")
    if year in (start.year, end.year):
        if from_text is not None and (start, end) != from_text:
            message = f"date text {date_text!r} disagrees with start/end {start}..{end}; kept start/end"
            issues.append(warn(rec, "date", message))
        return start, end, date_text
    start, end = _fix_year(rec, year, start, end, from_text, stated, issues)
    return start, end, date_text


def _fix_year(
    rec: EditionRecord,
    year: int,
    start: date,
    end: date,
    from_text: tuple[date, date] | None,
    stated: str,
    issues: list[Issue],
) -> tuple[date, date]:
    """Dates that are not in the edition's year: repair from the text or by the deadlines, or reject."""
    field_name = "start" if stated == "start/end" else "date"
    if from_text is not None and year in (from_text[0].year, from_text[1].year):
        message = f"{start}..{end} is not in {year}; used {from_text[0]}..{from_text[1]} from the date text"
        issues.append(warn(rec, field_name, message))
        return from_text
    days = _deadline_days(rec)
    shifted = (_shift(start, year - start.year), _shift(end, year - start.year))
    # The edition's year is the sturdier fact (it is in the id, the link, the deadlines): a
    # wrong year in the dates is the usual typo. Only when the deadlines contradict the
    # edition's year is the conference taken as held in another year (ICPR 2020 in 2021).
    if days and shifted[0] and shifted[1] and all(day <= shifted[1] for day in days):
        message = (
            f"{stated} says {start}..{end} for the {year} edition; moved to {shifted[0]}..{shifted[1]} "
            f"(its deadlines agree)"
        )
        issues.append(warn(rec, field_name, message))
        return shifted[0], shifted[1]
    if days and all(day <= end for day in days):
        message = f"the {year} edition is held {start}..{end} ({stated}; its deadlines agree)"
        issues.append(warn(rec, field_name, message))
        return start, end
    raise Reject("year", f"year {year} but {stated} says {start}..{end}")
