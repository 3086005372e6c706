"""Estimated editions: next year's conference, projected from its history.

Most series come back at about the same time every year (or every other year), and
people plan months before the organisers announce dates. For a series with at least
two past editions and no announced next one, :func:`refresh_estimates` stores an
estimated edition (``Edition.estimated = True``) with:

* the year: the last past year plus one, or plus two for a biennial series (a known
  one, see ``BIENNIAL``, or one whose history is every other year at least twice),
  stepped forward until it is not over. A larger gap in the history is read as a hole
  in the sources' coverage, not as a three-yearly conference. A series whose last
  edition is more than ``MAX_MISSED_GAPS`` cycles ago looks discontinued: no estimate;
* start date: 1 January of that year plus the median offset of the past start dates
  from 1 January of THEIR edition year (ICPR 2020, held in January 2021, counts as
  day 375, not day 9), then moved (at most 3 days) to the weekday most of those
  editions started on: a conference that opens on a Monday opens on a Monday next
  year too, while the same date falls a weekday later. The length is the median length
  of the past editions. Only the ``HISTORY`` most recent editions are used, so that a
  series that moved follows;
* paper deadline (``Deadline.estimated = True``): the earlier of the last two editions'
  first paper deadlines, by its place in its own year (day and clock time from 1
  January), moved to the projected year and ``DEADLINE_MARGIN_DAYS`` earlier, in that
  deadline's zone (AoE stays AoE). Deriving it from the projected start compounded two
  errors and fell after the real deadline 61% of the time in the held-out backtest
  (``bench/catalog/backtest_estimates.py``);
* ``estimate_spread_days``: the larger of the ranges (max - min, in days) of the past
  start offsets and of the past deadline offsets, so "± spread" covers both, and at least
  ``MIN_SPREAD_DAYS``: no series comes back to the day. In the backtest the real start
  fell within ± spread of the estimate in about 4 cases in 5, the real deadline a little
  more often (the script prints the share);
* the note names the basis: which editions gave the dates, which one the deadline.

The place is left unknown on purpose: series rotate between continents, and the last
city would be a confident-looking wrong answer. The note says so.

A recurring workshop held at a conference is estimated at its parent's next edition instead
(:mod:`tracker.catalog.workshop_series`).

An estimate is removed as soon as a real edition of the series that is not over exists
(for example the importer added next year's real one) and refreshed when the history
changes. Running :func:`refresh_estimates` twice changes nothing the second time.
Importers that add a real edition for a year that holds an estimate call
:func:`discard_estimate` first (the two would share the key and the year).
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.ended import has_not_ended
from tracker.catalog.resolve import edition_key
from tracker.catalog.workshop_series import hosted, refresh_hosted
from tracker.models.catalog import Deadline, Edition, Series

SOURCE = "estimate"
# A series whose last edition is older than this many cycles looks discontinued.
MAX_MISSED_GAPS = 2
# How many of the most recent past editions a projection uses (4 rather than 5 or 3: the
# held-out backtest, bench/catalog/backtest_estimates.py, tuned on editions up to 2024).
HISTORY = 4
# Series held every other year (facts from their own sites; the catalog's coverage has
# holes, so two years between two editions alone does not prove it).
BIENNIAL = frozenset({"iccv", "eccv", "icpr", "lrec", "accv", "ppsn"})
_LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
# An estimated paper deadline is put this many days before the earlier of the last two: a
# deadline estimated late is the harmful error for someone planning a submission.
DEADLINE_MARGIN_DAYS = 2
# The smallest "± spread" shown: even a series with identical past dates moves by days.
MIN_SPREAD_DAYS = 7


@dataclass
class EstimateReport:
    """What one refresh did, by edition key (``skipped`` holds "series: reason")."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PastEdition:
    """The facts of one past edition that a projection uses (plain values, testable)."""

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


def _deadline_offset(edition: PastEdition) -> timedelta:
    """From 1 January of the edition's year to its paper deadline (clock time included)."""
    assert edition.paper_deadline is not None
    return edition.paper_deadline - datetime.combine(date(edition.year, 1, 1), time(), UTC)


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

    with_deadline = [e for e in past if e.paper_deadline is not None]
    if not with_deadline:
        return Projection(year, start, end, spread, tuple(e.year for e in past))
    offsets_dl = [_deadline_offset(e) for e in with_deadline]
    spread = max(spread, round((max(offsets_dl) - min(offsets_dl)).total_seconds() / 86400))
    # The paper deadline from its own place in the year, not from the projected start (that
    # compounds two errors), and early rather than late: the earlier of the last two
    # deadlines' days, a margin before it. bench/catalog/backtest_estimates.py measures it.
    recent = with_deadline[-2:]
    earliest = min(recent, key=_deadline_offset)
    at_utc = datetime.combine(date(year, 1, 1), time(), UTC) + _deadline_offset(earliest)
    at_utc -= timedelta(days=DEADLINE_MARGIN_DAYS)
    local_text = _shift_local_text(earliest, at_utc)
    return Projection(
        year,
        start,
        end,
        spread,
        tuple(e.year for e in past),
        paper_deadline=at_utc,
        deadline_years=tuple(e.year for e in recent),
        deadline_from=earliest.year,
        deadline_local_text=local_text,
        deadline_zone=earliest.deadline_zone or "UTC",
    )


def _shift_local_text(latest: PastEdition, at_utc: datetime) -> str:
    """The local wall-clock text of ``at_utc``, keeping the latest deadline's UTC offset."""
    assert latest.paper_deadline is not None
    offset = timedelta(0)
    if latest.deadline_local_text:
        try:
            local = datetime.strptime(latest.deadline_local_text[:19], _LOCAL_FORMAT)
            offset = local - latest.paper_deadline.replace(tzinfo=None)
        except ValueError:
            offset = timedelta(0)
    return (at_utc.replace(tzinfo=None) + offset).strftime(_LOCAL_FORMAT)


# --- the database side -----------------------------------------------------------------


def _first_paper_deadline(edition: Edition) -> Deadline | None:
    papers = [d for d in edition.deadlines if d.type == "paper" and not d.estimated]
    return min(papers, key=lambda d: ((d.round or 0), d.at_utc)) if papers else None


def _history(series: Series, today: date) -> list[PastEdition]:
    out = []
    for e in series.editions:
        if e.estimated or e.start_date is None or has_not_ended(e, today):
            continue
        paper = _first_paper_deadline(e)
        out.append(
            PastEdition(
                year=e.year,
                start=e.start_date,
                end=e.end_date or e.start_date,
                paper_deadline=paper.at_utc if paper else None,
                deadline_local_text=paper.local_text if paper else None,
                deadline_zone=paper.timezone if paper else None,
            )
        )
    return out


def _key_for(series: Series, year: int, session: Session) -> str:
    """Like the real keys: the latest real key with the year swapped, else acronym+year."""
    real = [e for e in series.editions if not e.estimated]
    if real:
        latest = real[-1]
        suffix = str(latest.year)
        if latest.key.endswith(suffix):
            candidate = latest.key[: -len(suffix)] + str(year)
        else:
            candidate = edition_key(series.acronym, year)
    else:
        candidate = edition_key(series.acronym, year)
    clash = session.scalar(select(Edition.id).where(Edition.key == candidate))
    if clash is not None and not any(e.id == clash and e.estimated for e in series.editions):
        candidate = edition_key(series.key, year) + "-est"
    return candidate


def _note(p: Projection) -> str:
    """The estimate's basis in words: which past editions, how, and what ± means."""
    years = ", ".join(str(y) for y in p.history_years)
    note = f"Estimated from the {years} editions: their median day of the year, on their usual weekday"
    if p.deadline_from is not None:
        compared = " and ".join(str(y) for y in p.deadline_years)
        which = f"the earlier of {compared}" if len(p.deadline_years) > 1 else "the only one known"
        note += (
            f"; paper deadline: the {p.deadline_from} edition's day of the year ({which}),"
            f" {DEADLINE_MARGIN_DAYS} days earlier"
        )
    return (
        f"{note}. ±{p.spread_days} days: how far those editions' days spread (at least"
        f" {MIN_SPREAD_DAYS}); place unknown until announced."
    )


def _matches(edition: Edition, key: str, p: Projection) -> bool:
    deadline = next(iter(edition.deadlines), None)
    same_deadline = (deadline is None and p.paper_deadline is None) or (
        deadline is not None
        and p.paper_deadline is not None
        and deadline.at_utc == p.paper_deadline
        and deadline.local_text == p.deadline_local_text
        and deadline.timezone == p.deadline_zone
        and len(edition.deadlines) == 1
    )
    return (
        edition.key == key
        and edition.year == p.year
        and edition.start_date == p.start
        and edition.end_date == p.end
        and edition.estimate_spread_days == p.spread_days
        and edition.note == _note(p)
        and same_deadline
    )


def _apply(edition: Edition, series: Series, key: str, p: Projection) -> None:
    edition.key = key
    edition.year = p.year
    edition.title = f"{series.acronym} {p.year} (estimated)"
    edition.kind = series.kind
    edition.start_date = p.start
    edition.end_date = p.end
    edition.date_text = None
    edition.city = edition.region = edition.country = None
    edition.latitude = edition.longitude = None
    edition.venue = edition.place_text = edition.link = None
    edition.note = _note(p)
    edition.estimated = True
    edition.estimate_spread_days = p.spread_days
    edition.source = SOURCE
    edition.deadlines.clear()
    if p.paper_deadline is not None:
        edition.deadlines.append(
            Deadline(
                type="paper",
                label="Paper submission (estimated)",
                at_utc=p.paper_deadline,
                local_text=p.deadline_local_text or p.paper_deadline.strftime(_LOCAL_FORMAT),
                timezone=p.deadline_zone or "UTC",
                estimated=True,
                source=SOURCE,
            )
        )


def refresh_estimates(session: Session, today: date) -> EstimateReport:
    """Create, update or remove the estimated editions of every series (idempotent)."""
    report = EstimateReport()
    all_series = session.scalars(
        select(Series).options(selectinload(Series.editions).selectinload(Edition.deadlines))
    ).all()
    for series in all_series:
        if hosted(series):
            continue  # a workshop at a conference follows its parent: refresh_hosted below
        estimates = [e for e in series.editions if e.estimated]
        real = [e for e in series.editions if not e.estimated]
        announced = any(has_not_ended(e, today) for e in real)
        history = _history(series, today)
        projection = None if announced else project(history, today, biennial=series.key in BIENNIAL)
        if projection is not None and any(e.year == projection.year for e in real):
            projection = None  # the real one exists (with dates that already passed)
        if projection is None:
            for stale in estimates:
                report.removed.append(stale.key)
                series.editions.remove(stale)  # delete-orphan deletes the row
            if not announced and not estimates and real:
                why = "too little history" if len(history) < 2 else "looks discontinued"
                report.skipped.append(f"{series.key}: {why} (last edition {real[-1].year})")
            continue
        keep = estimates[0] if estimates else None
        for stale in estimates[1:]:
            report.removed.append(stale.key)
            series.editions.remove(stale)  # delete-orphan deletes the row
        key = _key_for(series, projection.year, session)
        if keep is None:
            edition = Edition(series=series, year=projection.year, key=key)
            _apply(edition, series, key, projection)
            session.add(edition)
            report.created.append(key)
        elif _matches(keep, key, projection):
            report.unchanged.append(key)
        else:
            _apply(keep, series, key, projection)
            report.updated.append(key)
    session.flush()
    created, updated, unchanged, removed = refresh_hosted(session, all_series, today)
    report.created += created
    report.updated += updated
    report.unchanged += unchanged
    report.removed += removed
    _link_workshop_parents(all_series)
    session.flush()
    return report


def _link_workshop_parents(all_series: Sequence[Series]) -> None:
    """An estimated workshop edition belongs to its parent series' edition of that year.

    The parent series is the one of the latest real edition's parent; its edition of
    the same year may itself be an estimate. No such edition: no parent.
    """
    by_id = {e.id: e for series in all_series for e in series.editions}
    by_year = {(e.series_id, e.year): e for e in by_id.values()}
    for series in all_series:
        linked = [e for e in series.editions if not e.estimated and e.parent_id is not None]
        for estimate in (e for e in series.editions if e.estimated):
            parent = by_id.get(linked[-1].parent_id) if linked and linked[-1].parent_id else None
            target = by_year.get((parent.series_id, estimate.year)) if parent else None
            wanted = target.id if target is not None else None
            if estimate.parent_id != wanted:
                estimate.parent_id = wanted


def discard_estimate(session: Session, series_id: int, year: int) -> bool:
    """Delete the estimated edition of ``series_id`` for ``year`` (before adding the real one)."""
    estimate = session.scalar(
        select(Edition).where(
            Edition.series_id == series_id, Edition.year == year, Edition.estimated.is_(True)
        )
    )
    if estimate is None:
        return False
    series = estimate.series
    session.delete(estimate)
    session.flush()
    session.expire(series, ["editions"])  # the loaded collection still held the estimate
    return True
