"""Next year's edition of a series, projected from its past editions (plain values only).

Most series come back at about the same time every year (or every other year), and people
plan months before the organisers announce dates. :func:`project` turns the past editions
of one series into the projected next one:

* the year: the last past year plus one, or plus two for a biennial series (a known one, or
  one whose history is every other year at least twice), stepped forward until it is not
  over. A larger gap in the history is read as a hole in the sources' coverage, not as a
  three-yearly conference. A series whose last edition is more than ``MAX_MISSED_GAPS``
  cycles ago looks discontinued: no projection;
* start date: 1 January of that year plus the median offset of the past start dates from
  1 January of THEIR edition year (ICPR 2020, held in January 2021, counts as day 375, not
  day 9), then moved (at most 3 days) to the weekday most of those editions started on: a
  conference that opens on a Monday opens on a Monday next year too, while the same date
  falls a weekday later. The length is the median length of the past editions. Only the
  ``HISTORY`` most recent editions are used, so that a series that moved follows;
* paper deadline: the earliest of the last ``DEADLINE_HISTORY`` editions' first paper
  deadlines, by its place in its own year (day and clock time from 1 January), moved to the
  projected year and ``DEADLINE_MARGIN_DAYS`` earlier, in that deadline's zone (AoE stays
  AoE). A deadline estimated late is the harmful error for someone planning a submission;
* the spread: the larger of the ranges (max - min, in days) of the past start offsets and
  of the past deadline offsets, so "± spread" covers both, and at least ``MIN_SPREAD_DAYS``:
  no series comes back to the day.

An announced edition whose paper deadline is not known yet gets one by the same deadline
rule (:func:`announced_deadline`), never on or after its real start.

The deadline rule and its two numbers are fitted on the editions held up to 2024 and judged
on those from 2025 on, against the naive "same day of the year as the last edition":
``python bench/catalog/backtest_estimates.py`` fits, reports, and prints the other models
that were tried (from the projected start, the series' own drift, pooled shrinkage, the
calendar date, the usual weekday), each fitted the same way. None fitted the development
years better, and on the held-out years none meets the issue's aims either.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

# A series whose last edition is older than this many cycles looks discontinued.
MAX_MISSED_GAPS = 2
# How many of the most recent past editions give the dates (4 rather than 5 or 3: tuned on
# the editions up to 2024 in bench/catalog/backtest_estimates.py).
HISTORY = 4
# The paper deadline is the earliest of this many most recent ones, DEADLINE_MARGIN_DAYS
# earlier: the rule the backtest fits on the editions up to 2024 (it checks these values).
DEADLINE_HISTORY = 2
DEADLINE_MARGIN_DAYS = 2
# The smallest "± spread" shown: even a series with identical past dates moves by days.
MIN_SPREAD_DAYS = 7
LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class PastEdition:
    """The facts of one past edition that a projection uses."""

    year: int
    start: date
    end: date
    paper_deadline: datetime | None = None  # aware UTC
    deadline_local_text: str | None = None
    deadline_zone: str | None = None


@dataclass(frozen=True)
class Projection:
    year: int
    start: date
    end: date
    spread_days: int
    history_years: tuple[int, ...]
    paper_deadline: datetime | None = None
    deadline_years: tuple[int, ...] = ()  # the editions whose deadlines were compared
    deadline_from: int | None = None  # the one whose deadline was used
    deadline_local_text: str | None = None
    deadline_zone: str | None = None


def deadline_offset(edition: PastEdition) -> timedelta:
    """From 1 January of the edition's year to its paper deadline (clock time included)."""
    assert edition.paper_deadline is not None
    return edition.paper_deadline - datetime.combine(date(edition.year, 1, 1), time(), UTC)


def deadline_in(year: int, source: PastEdition, margin_days: float) -> datetime:
    """``source``'s paper deadline at its place in ``year``, ``margin_days`` earlier (UTC)."""
    start_of_year = datetime.combine(date(year, 1, 1), time(), UTC)
    return start_of_year + deadline_offset(source) - timedelta(days=margin_days)


def _median_int(values: list[int]) -> int:
    return round(statistics.median(values))


def _day_offset(edition: PastEdition) -> int:
    """Days from 1 January of the edition's year to its start (may exceed 365)."""
    return (edition.start - date(edition.year, 1, 1)).days


def _usual_weekday(past: list[PastEdition]) -> int:
    """The weekday most of ``past`` started on (a tie goes to the most recent edition's)."""
    counts = Counter(e.start.weekday() for e in past)
    return max(reversed([e.start.weekday() for e in past]), key=lambda day: counts[day])


def _on_weekday(day: date, weekday: int) -> date:
    """The date nearest to ``day`` (at most 3 days away) that falls on ``weekday``."""
    step = (weekday - day.weekday()) % 7
    return day + timedelta(days=step - 7 if step > 3 else step)


def cycle_years(years: list[int], *, biennial: bool = False) -> int:
    """1, or 2 for a biennial series (known, or every other year in two gaps or more)."""
    gaps = [b - a for a, b in itertools.pairwise(sorted(set(years)))]
    if biennial or (len(gaps) >= 2 and all(g == 2 for g in gaps)):
        return 2
    return 1


def project(history: list[PastEdition], today: date, *, biennial: bool = False) -> Projection | None:
    """The next edition projected from ``history`` (two or more past editions), or None.

    None when the history is too short or the series looks discontinued.
    """
    past = sorted(history, key=lambda e: e.year)
    if len(past) < 2:
        return None
    gap = cycle_years([e.year for e in past], biennial=biennial)
    past = past[-HISTORY:]
    offsets = [_day_offset(e) for e in past]
    offset = _median_int(offsets)
    length = _median_int([(e.end - e.start).days for e in past])
    year = past[-1].year + gap
    while date(year, 1, 1) + timedelta(days=offset + length) < today:
        year += gap
    if year - past[-1].year > MAX_MISSED_GAPS * gap:
        return None
    start = _on_weekday(date(year, 1, 1) + timedelta(days=offset), _usual_weekday(past))
    end = start + timedelta(days=length)
    spread = max(MIN_SPREAD_DAYS, max(offsets) - min(offsets))

    deadline = estimate_deadline(past, year)
    if deadline is None:
        return Projection(year, start, end, spread, tuple(e.year for e in past))
    return Projection(
        year,
        start,
        end,
        max(spread, deadline.spread_days),
        tuple(e.year for e in past),
        paper_deadline=deadline.at_utc,
        deadline_years=deadline.years,
        deadline_from=deadline.source_year,
        deadline_local_text=deadline.local_text,
        deadline_zone=deadline.zone,
    )


@dataclass(frozen=True)
class DeadlineEstimate:
    """A paper deadline estimated by the rule above, with its basis."""

    at_utc: datetime
    local_text: str
    zone: str
    spread_days: int  # the range of the past deadlines' places in their years, at least MIN_SPREAD_DAYS
    spread_years: tuple[int, ...]  # the editions whose deadlines give the spread
    years: tuple[int, ...]  # the editions whose deadlines were compared
    source_year: int  # the one whose deadline was used


def estimate_deadline(history: list[PastEdition], year: int) -> DeadlineEstimate | None:
    """The paper deadline of the ``year`` edition by the rule above, or None with no past deadline.

    From the deadline's own place in the year, not from the projected start (that compounds
    two errors), and early rather than late.
    """
    past = sorted(history, key=lambda e: e.year)[-HISTORY:]
    with_deadline = [e for e in past if e.paper_deadline is not None]
    if not with_deadline:
        return None
    offsets = [deadline_offset(e) for e in with_deadline]
    spread = max(MIN_SPREAD_DAYS, round((max(offsets) - min(offsets)).total_seconds() / 86400))
    recent = with_deadline[-DEADLINE_HISTORY:]
    earliest = min(recent, key=deadline_offset)
    at_utc = deadline_in(year, earliest, DEADLINE_MARGIN_DAYS)
    return DeadlineEstimate(
        at_utc=at_utc,
        local_text=_shift_local_text(earliest, at_utc),
        zone=earliest.deadline_zone or "UTC",
        spread_days=spread,
        spread_years=tuple(e.year for e in with_deadline),
        years=tuple(e.year for e in recent),
        source_year=earliest.year,
    )


def announced_deadline(history: list[PastEdition], year: int, start: date) -> DeadlineEstimate | None:
    """The paper deadline of an announced edition (its dates known, its deadlines not yet).

    The same rule and the same two-edition minimum as :func:`project`, from the editions
    before ``year``. None when the rule would put the deadline on or after the edition's
    start: a deadline comes before the conference, and a series whose dates moved that much
    has no usable history for it.
    """
    before = [e for e in history if e.year < year]
    if len(before) < 2:
        return None
    deadline = estimate_deadline(before, year)
    if deadline is None or deadline.at_utc.date() >= start:
        return None
    return deadline


def _shift_local_text(source: PastEdition, at_utc: datetime) -> str:
    """The local wall-clock text of ``at_utc``, keeping ``source``'s deadline's UTC offset."""
    assert source.paper_deadline is not None
    offset = timedelta(0)
    if source.deadline_local_text:
        try:
            local = datetime.strptime(source.deadline_local_text[:19], LOCAL_FORMAT)
            offset = local - source.paper_deadline.replace(tzinfo=None)
        except ValueError:
            offset = timedelta(0)
    return (at_utc.replace(tzinfo=None) + offset).strftime(LOCAL_FORMAT)
