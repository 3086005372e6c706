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
* paper deadline: the earliest of the last ``DEADLINE_HISTORY`` editions' paper deadlines,
  by its place in its own year (day and clock time from 1 January), moved to the projected
  year and ``DEADLINE_MARGIN_DAYS`` earlier, in that deadline's zone (AoE stays AoE). A
  deadline estimated late is the harmful error for someone planning a submission. Round by
  round: a series with several submission rounds (VLDB, SIGMOD, KDD) gets the first round
  whose estimate is still ahead, from the same round of the past editions;
* the spread: the larger of the ranges (max - min, in days) of the past start offsets and
  of the past deadline offsets, so "± spread" covers both, and at least ``MIN_SPREAD_DAYS``:
  no series comes back to the day.

An announced edition whose paper deadline is not known yet gets one by the same rule with
its own numbers (:func:`announced_deadline`: ``ANNOUNCED_HISTORY``, ``ANNOUNCED_MARGIN_DAYS``),
never on or after its real start. When its announced start is ``MOVE_AFTER_DAYS`` or more
from the start of the edition whose deadline is copied (at their places in their years: the
conference moved, say from June to February), the deadline moves ``MOVE_SHARE`` as far in
the same direction: organisers who move a conference move its call too, though not always
by as much. And when the announced start is not later in its year than the previous
edition's, the deadline comes no later than that start minus the median lead (start minus
paper deadline) of the last ``LEAD_HISTORY`` editions: a series keeps its lead better than
its calendar (ECAI, KR and ICPR 2026 moved by months, their calls with them).

The numbers are fitted by ``python bench/catalog/backtest_estimates.py``, which also prints
the other models tried, each fitted the same way. The loss is the pinball loss at tau = 0.2:
an estimate late by d days costs 0.8 d, early by d costs 0.2 d (what we want: early rather
than late, but not by any amount). The verdict is a rolling origin (each year from 2025 on
estimated by the numbers fitted on the years before it), against the naive "same day of
the year as the last edition"; the numbers shipped are the same fit over every year. On
2025 on the rule beats naive on the start's median and p90 and on the deadline's p90, and
about 1 estimated deadline in 4 or 5 falls after the real one (naive: 1 in 2), but its
median deadline error is larger than naive's (11 days against 7): erring early costs days
on the typical case. The bench lists the late ones: most came with a start that moved two
weeks or more earlier in the year (ECAI, KR and ICPR 2026 by two to four months), which a
series' history cannot show, but an announced start can: on announced editions the lead
floor brings the held-out late share to about 1 in 6 (the bench's floor table). A margin by
the series' calm (a small one where the last deadlines agree, on their weekday) was fitted
too: it lowers the median to 10 days but raises the p90 above naive's, and in the bench's
median-against-late-share table no rule of that family, even picked in hindsight, is both
late at most 1 time in 4 and within 7 days on the median.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

# A series whose last edition is older than this many cycles looks discontinued.
MAX_MISSED_GAPS = 2
# How many of the most recent past editions give the dates (4 rather than 5 or 3: tuned on
# the editions up to 2024 in bench/catalog/backtest_estimates.py).
HISTORY = 4
# The paper deadline is the earliest of this many most recent ones, DEADLINE_MARGIN_DAYS
# earlier: the numbers with the lowest pinball loss at tau = 0.2 (late by d days costs 0.8 d,
# early by d costs 0.2 d) over every case of bench/catalog/backtest_estimates.py, which checks them.
DEADLINE_HISTORY = 3
DEADLINE_MARGIN_DAYS = 8
# An announced edition's deadline: the earliest of ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS
# earlier; an announced start MOVE_AFTER_DAYS (or more) from the copied edition's moves the
# deadline by MOVE_SHARE of the move. Fitted the same way, in the bench's second table.
ANNOUNCED_HISTORY = 2
ANNOUNCED_MARGIN_DAYS = 8
MOVE_AFTER_DAYS = 30
MOVE_SHARE = 0.5
# ... and never later than the announced start minus the median lead (start minus paper
# deadline) of the last LEAD_HISTORY editions, when the start is not later in the year than
# the previous edition's: fitted the same way, in the bench's floor table.
LEAD_HISTORY = 3
# The smallest "± spread" shown: even a series with identical past dates moves by days.
MIN_SPREAD_DAYS = 7
LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class RoundDeadline:
    """A paper deadline of a later submission round (VLDB has twelve a year, SIGMOD four)."""

    round: int
    at_utc: datetime
    local_text: str | None = None
    zone: str | None = None


@dataclass(frozen=True)
class PastEdition:
    """The facts of one past edition that a projection uses: its first round's paper
    deadline, and those of its later rounds."""

    year: int
    start: date
    end: date
    paper_deadline: datetime | None = None  # aware UTC
    deadline_local_text: str | None = None
    deadline_zone: str | None = None
    paper_round: int = 1  # the round of paper_deadline
    later_rounds: tuple[RoundDeadline, ...] = ()

    @property
    def rounds(self) -> tuple[int, ...]:
        """The submission rounds this edition has a paper deadline for."""
        if self.paper_deadline is None:
            return ()
        return (self.paper_round, *(r.round for r in self.later_rounds))

    def in_round(self, number: int) -> PastEdition:
        """This edition as if round ``number`` were its only one (no paper deadline if it has
        no such round): the deadline rule then reads round r of every edition."""
        if number == self.paper_round:
            return self
        later = next((r for r in self.later_rounds if r.round == number), None)
        if later is None:
            return PastEdition(self.year, self.start, self.end, paper_round=number)
        return PastEdition(
            self.year, self.start, self.end, later.at_utc, later.local_text, later.zone, paper_round=number
        )


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
    deadline_round: int = 1  # the submission round the paper deadline is of


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

    deadline = estimate_deadline(past, year, after=datetime.combine(today, time(), UTC))
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
        deadline_round=deadline.round,
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
    margin_days: int = DEADLINE_MARGIN_DAYS  # how many days earlier than the copied deadline
    start_moved_days: int = 0  # how far the announced start is from the copied edition's (if followed)
    moved_days: int = 0  # how far the deadline was moved with it
    round: int = 1  # the submission round estimated (from the same round of the past editions)
    lead_days: float = 0  # the median lead the announced start gave, when it moved the deadline
    lead_years: tuple[int, ...] = ()  # the editions whose leads gave it
    lead_moved_days: int = 0  # how much earlier that made the deadline


def estimate_deadline(
    history: list[PastEdition],
    year: int,
    *,
    after: datetime | None = None,
    window: int = DEADLINE_HISTORY,
    margin_days: int = DEADLINE_MARGIN_DAYS,
) -> DeadlineEstimate | None:
    """The paper deadline of the ``year`` edition by the rule above, or None with no past deadline.

    From the deadline's own place in the year, not from the projected start (that compounds
    two errors), and early rather than late. Round by round: the first submission round whose
    estimate (from the same round of the past editions) is not before ``after`` -- a person
    can still submit to it --, else the first round. ``window`` and ``margin_days`` are the
    rule's two numbers (the bench fits them; everything else uses the shipped values).
    """
    past = sorted(history, key=lambda e: e.year)[-HISTORY:]
    first = None
    for number in sorted({r for e in past for r in e.rounds}):
        estimate = _estimate_round([e.in_round(number) for e in past], year, window, margin_days)
        first = first or estimate
        if estimate is not None and (after is None or estimate.at_utc >= after):
            return estimate
    return first


def _estimate_round(
    past: list[PastEdition], year: int, window: int, margin_days: int
) -> DeadlineEstimate | None:
    """The rule on one round: ``past`` holds each edition's deadline of that round (or none)."""
    with_deadline = [e for e in past if e.paper_deadline is not None]
    if not with_deadline:
        return None
    offsets = [deadline_offset(e) for e in with_deadline]
    spread = max(MIN_SPREAD_DAYS, round((max(offsets) - min(offsets)).total_seconds() / 86400))
    recent = with_deadline[-window:]
    earliest = min(recent, key=deadline_offset)
    at_utc = deadline_in(year, earliest, margin_days)
    return DeadlineEstimate(
        at_utc=at_utc,
        local_text=_shift_local_text(earliest, at_utc),
        zone=earliest.deadline_zone or "UTC",
        spread_days=spread,
        spread_years=tuple(e.year for e in with_deadline),
        years=tuple(e.year for e in recent),
        source_year=earliest.year,
        margin_days=margin_days,
        round=earliest.paper_round,
    )


def announced_deadline(
    history: list[PastEdition],
    year: int,
    start: date,
    *,
    after: datetime | None = None,
    window: int = ANNOUNCED_HISTORY,
    margin_days: int = ANNOUNCED_MARGIN_DAYS,
    move_after_days: int = MOVE_AFTER_DAYS,
    move_share: float = MOVE_SHARE,
    lead_history: int = LEAD_HISTORY,
) -> DeadlineEstimate | None:
    """The paper deadline of an announced edition (its dates known, its deadlines not yet).

    The same rule and the same two-edition minimum as :func:`project`, from the editions
    before ``year``; when ``start`` moved ``move_after_days`` or more from the copied
    edition's start (both at their places in their years), the deadline moves ``move_share``
    of that, in whole days, and the spread covers the rest of the move. None when the
    deadline would fall on or after the edition's start: a deadline comes before the
    conference. Then, when ``start`` is not later in its year than the previous edition's,
    the deadline comes no later than ``start`` minus the median lead of the last
    ``lead_history`` editions (0: never): a conference held earlier closes its call earlier,
    and a series keeps its lead better than its calendar. ``after``: the round is chosen as
    in :func:`estimate_deadline`. The keyword numbers are the rule's (the bench fits them;
    everything else uses the shipped values).
    """
    before = [e for e in history if e.year < year]
    if len(before) < 2:
        return None
    deadline = estimate_deadline(before, year, after=after, window=window, margin_days=margin_days)
    if deadline is None:
        return None
    source = next(e for e in before if e.year == deadline.source_year)
    start_moved = (start - date(year, 1, 1)).days - _day_offset(source)
    if abs(start_moved) >= move_after_days:
        moved = round(move_share * start_moved)
        local = datetime.strptime(deadline.local_text, LOCAL_FORMAT) + timedelta(days=moved)
        deadline = replace(
            deadline,
            at_utc=deadline.at_utc + timedelta(days=moved),
            local_text=local.strftime(LOCAL_FORMAT),
            # The real deadline may have moved anywhere from not at all to as far as the start.
            spread_days=max(deadline.spread_days, abs(start_moved - moved)),
            start_moved_days=start_moved,
            moved_days=moved,
        )
    if deadline.at_utc.date() >= start:
        return None
    if lead_history:
        same_round = [e.in_round(deadline.round) for e in before]
        deadline = _within_lead(deadline, same_round, year, start, lead_history)
    return deadline


def _lead(edition: PastEdition) -> float:
    """Days from the edition's paper deadline to the start of its first day (UTC)."""
    assert edition.paper_deadline is not None
    return (datetime.combine(edition.start, time(), UTC) - edition.paper_deadline).total_seconds() / 86400


def _within_lead(
    deadline: DeadlineEstimate, before: list[PastEdition], year: int, start: date, lead_history: int
) -> DeadlineEstimate:
    """``deadline``, or ``start`` minus the median lead of the last ``lead_history`` editions
    when that is earlier and the start is not later in the year than the previous edition's."""
    past = sorted(before, key=lambda e: e.year)
    known = [e for e in past[-HISTORY:] if e.paper_deadline is not None][-lead_history:]
    if not known or (start - date(year, 1, 1)).days > _day_offset(past[-1]):
        return deadline
    lead = statistics.median(_lead(e) for e in known)
    capped = datetime.combine(start, time(), UTC) - timedelta(days=lead)
    if capped >= deadline.at_utc:
        return deadline
    shift = capped - deadline.at_utc
    local = datetime.strptime(deadline.local_text, LOCAL_FORMAT) + shift
    moved = round(-shift.total_seconds() / 86400)
    return replace(
        deadline,
        at_utc=capped,
        local_text=local.strftime(LOCAL_FORMAT),
        # The real deadline may be anywhere from the calendar's estimate to the lead's.
        spread_days=max(deadline.spread_days, moved),
        lead_days=lead,
        lead_years=tuple(e.year for e in known),
        lead_moved_days=moved,
    )


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
