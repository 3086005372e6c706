"""The paper deadline rules the backtest compares (bench/catalog/backtest_estimates.py).

A rule turns a :class:`Case` -- what was known of a series on the day an estimate would have
been shown -- into an estimated paper deadline (or None). Each family below is a function of
its numbers; the backtest fits those numbers on the development years.
"""

from __future__ import annotations

import itertools
import statistics
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tracker.catalog.projection import (
    ANNOUNCED_HISTORY,
    ANNOUNCED_MARGIN_DAYS,
    HISTORY,
    LOCAL_FORMAT,
    MOVE_AFTER_DAYS,
    MOVE_SHARE,
    PastEdition,
    Projection,
    announced_deadline,
    deadline_in,
    deadline_offset,
)


@dataclass(frozen=True)
class Case:
    series: str
    before: list[PastEdition]  # the past editions known then, oldest first
    target: PastEdition
    projection: Projection
    rounds: dict[int, int]  # year -> how many submission rounds its paper deadlines have
    first_round_ahead: bool  # the target's first round was still to come on as_of

    @property
    def half(self) -> str:
        return "series half A" if zlib.crc32(self.series.encode()) % 2 == 0 else "series half B"

    @property
    def as_of(self) -> date:
        return self.before[-1].end + timedelta(days=1)

    @property
    def deadline_ahead(self) -> bool:
        """The real deadline of the estimated round, or tracker's estimate of it, was still to
        come on ``as_of``: an estimate a person could have used (or been misled by)."""
        as_of = datetime.combine(self.as_of, time(), UTC)
        real, estimate = self.target.paper_deadline, self.projection.paper_deadline
        return real is not None and (real >= as_of or (estimate is not None and estimate >= as_of))

    @property
    def real_ahead(self) -> bool:
        """The real deadline of the estimated round was still to come on ``as_of``."""
        real = self.target.paper_deadline
        return real is not None and real >= datetime.combine(self.as_of, time(), UTC)


# A deadline rule: a case (what was known then) -> its estimated paper deadline, or None.
DeadlineRule = Callable[[Case], datetime | None]


def in_days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400


# --- the rules ---------------------------------------------------------------------------


def with_deadline(case: Case) -> list[PastEdition]:
    return [e for e in case.before[-HISTORY:] if e.paper_deadline is not None]


def earliest_of(window: int, margin: float) -> DeadlineRule:
    """The shipped family: the earliest of the last ``window`` deadlines, ``margin`` days early."""

    def rule(case: Case) -> datetime | None:
        recent = with_deadline(case)[-window:]
        if not recent:
            return None
        return deadline_in(case.target.year, min(recent, key=deadline_offset), margin)

    return rule


def calm_or_restless(
    window: int, calm_margin: int, margin: int, calm_days: float, weekday: str
) -> DeadlineRule:
    """Protocol step 5's family: the earliest of the last ``window`` deadlines placed in the
    target year (``weekday``: "never" at their places in their years, "always" moved to their
    local weekday, "same" so moved only when the last two fell on the same local weekday),
    ``calm_margin`` days early when they (two at least) lie within ``calm_days`` of each other,
    else ``margin``. "never" with ``calm_margin == margin`` is :func:`earliest_of`."""

    def rule(case: Case) -> datetime | None:
        known = with_deadline(case)
        recent = known[-window:]
        if not recent:
            return None
        on_weekday = weekday == "always" or (
            weekday == "same" and len(known) >= 2 and local_weekday(known[-1]) == local_weekday(known[-2])
        )
        placed = [placed_in(case.target.year, e, on_weekday=on_weekday) for e in recent]
        calm = len(placed) >= 2 and in_days(max(placed) - min(placed)) <= calm_days
        return min(placed) - timedelta(days=calm_margin if calm else margin)

    return rule


WEEKDAY_MODES = ("never", "always", "same")


def remembered(rule: DeadlineRule) -> DeadlineRule:
    """``rule``, computed once per case (a case is the same object for the whole run)."""
    seen: dict[int, datetime | None] = {}

    def once(case: Case) -> datetime | None:
        if id(case) not in seen:
            seen[id(case)] = rule(case)
        return seen[id(case)]

    return once


def placed_in(year: int, source: PastEdition, *, on_weekday: bool) -> datetime:
    """``source``'s paper deadline at its place in ``year`` (UTC), moved at most 3 days to the
    local weekday it fell on when ``on_weekday`` (a call that closes on a Friday AoE)."""
    at = deadline_in(year, source, 0)
    if not on_weekday:
        return at
    step = (local_weekday(source) - (at + local_offset(source)).weekday()) % 7
    return at + timedelta(days=step - 7 if step > 3 else step)


def local_offset(source: PastEdition) -> timedelta:
    """The UTC offset of ``source``'s deadline, read from its local wall-clock text (else 0)."""
    assert source.paper_deadline is not None
    if not source.deadline_local_text:
        return timedelta(0)
    try:
        local = datetime.strptime(source.deadline_local_text[:19], LOCAL_FORMAT)
    except ValueError:
        return timedelta(0)
    return local - source.paper_deadline.replace(tzinfo=None)


def local_weekday(source: PastEdition) -> int:
    assert source.paper_deadline is not None
    return (source.paper_deadline + local_offset(source)).weekday()


def naive_deadline(case: Case) -> datetime | None:
    known = [e for e in case.before if e.paper_deadline is not None]
    return deadline_in(case.target.year, known[-1], 0) if known else None


def naive_start(history: list[PastEdition], year: int) -> date:
    last = history[-1]
    return date(year, 1, 1) + (last.start - date(last.year, 1, 1))


def from_start(window: int, margin: float, *, announced: bool = False) -> DeadlineRule:
    """The projected start (or, ``announced``, the real one, as if the edition's dates were out
    before its deadline) minus the median start-to-deadline gap of the last editions."""

    def rule(case: Case) -> datetime | None:
        recent = with_deadline(case)[-window:]
        if not recent:
            return None
        gap = statistics.median(
            in_days(start_utc(e.start) - e.paper_deadline) for e in recent if e.paper_deadline
        )
        start = case.target.start if announced else case.projection.start
        return start_utc(start) - timedelta(days=gap + margin)

    return rule


def start_utc(day: date) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T00:00:00+00:00")


def own_drift(window: int, margin: float) -> DeadlineRule:
    """The earlier of the last two, moved by the series' own trend (Theil-Sen, earlier only)."""

    def rule(case: Case) -> datetime | None:
        known = with_deadline(case)
        if not known:
            return None
        points = [(e.year, in_days(deadline_offset(e))) for e in known[-window:]]
        slopes = [(b - a) / (yb - ya) for (ya, a), (yb, b) in itertools.combinations(points, 2)]
        drift = min(0.0, statistics.median(slopes)) if slopes else 0.0
        source = min(known[-2:], key=deadline_offset)
        return deadline_in(case.target.year, source, margin - drift * (case.target.year - known[-1].year))

    return rule


# Every series' year-on-year deadline changes: (series, when the later edition ended, its
# deadline, change in days per year).
Pool = list[tuple[str, date, datetime, float]]


def pooled_shrinkage(alpha: float, pool_weight: float, pool: Pool) -> DeadlineRule:
    """The last deadline plus an early quantile of the year-on-year changes: the series' own,
    shrunk toward those of every other series known at the time (``pool_weight`` own-sized)."""

    def rule(case: Case) -> datetime | None:
        known = with_deadline(case)
        if not known:
            return None
        own = [(c, 1.0) for c in yearly_changes(known)]
        others = [c for series, ended, _, c in pool if series != case.series and ended < case.as_of]
        weighted = own + [(c, pool_weight / len(others)) for c in others]
        change = _weighted_quantile(weighted, alpha) if weighted else 0.0
        return deadline_in(case.target.year, known[-1], -change * (case.target.year - known[-1].year))

    return rule


def season_drift(window: int, margin: float, days: int, pool: Pool) -> DeadlineRule:
    """The shipped family, moved by the median change of the other series' deadlines that fell
    in the ``days`` before (when that is earlier: the field's deadlines this season). Changes
    of more than 30 days a year (a new cycle, a move) are left out; fewer than 5: no move."""
    base = earliest_of(window, margin)

    def rule(case: Case) -> datetime | None:
        estimate = base(case)
        if estimate is None:
            return None
        as_of = datetime.combine(case.as_of, time(), UTC)
        recent = [
            c
            for series, _, at, c in pool
            if series != case.series and as_of - timedelta(days=days) <= at < as_of and abs(c) <= 30
        ]
        drift = min(0.0, statistics.median(recent)) if len(recent) >= 5 else 0.0
        return estimate + timedelta(days=drift)

    return rule


def yearly_changes(known: list[PastEdition]) -> list[float]:
    return [
        in_days(deadline_offset(b) - deadline_offset(a)) / (b.year - a.year)
        for a, b in itertools.pairwise(known)
    ]


def _weighted_quantile(values: list[tuple[float, float]], alpha: float) -> float:
    ordered = sorted(values)
    total = sum(w for _, w in ordered)
    running = 0.0
    for value, weight in ordered:
        running += weight
        if running >= alpha * total:
            return value
    return ordered[-1][0]


def calendar_date(window: int, margin: float) -> DeadlineRule:
    """The same month and day as the earliest of the last ``window`` (not the same day count)."""

    def rule(case: Case) -> datetime | None:
        recent = with_deadline(case)[-window:]
        if not recent:
            return None
        source = min(recent, key=deadline_offset)
        assert source.paper_deadline is not None
        years = case.target.year - source.year
        try:
            moved = source.paper_deadline.replace(year=source.paper_deadline.year + years)
        except ValueError:  # 29 February
            moved = source.paper_deadline.replace(year=source.paper_deadline.year + years, day=28)
        return moved - timedelta(days=margin)

    return rule


def usual_weekday(window: int, margin: float) -> DeadlineRule:
    """The shipped family, then back (0-6 days) to the local weekday of the deadline it copies."""
    base = earliest_of(window, margin)

    def rule(case: Case) -> datetime | None:
        estimate = base(case)
        recent = with_deadline(case)[-window:]
        if estimate is None:
            return None
        source = min(recent, key=deadline_offset)
        assert source.paper_deadline is not None
        shift = timedelta(0)
        if source.deadline_local_text:
            local = datetime.strptime(source.deadline_local_text[:19], LOCAL_FORMAT)
            shift = local - source.paper_deadline.replace(tzinfo=None)
        weekday = (source.paper_deadline + shift).weekday()
        return estimate - timedelta(days=((estimate + shift).weekday() - weekday) % 7)

    return rule


def consistent_drift(window: int, margin: float, shrink: float) -> DeadlineRule:
    """The shipped family, moved by ``shrink`` of the series' yearly drift over its last three
    deadlines, only where every change in them went the same way: earlier (growing
    conferences move their call earlier year after year)."""
    base = earliest_of(window, margin)

    def rule(case: Case) -> datetime | None:
        estimate = base(case)
        known = with_deadline(case)[-3:]
        if estimate is None or len(known) < 3:
            return estimate
        changes = yearly_changes(known)
        if not all(c < 0 for c in changes):
            return estimate
        per_year = statistics.mean(changes)
        return estimate + timedelta(days=shrink * per_year * (case.target.year - known[-1].year))

    return rule


def spread_margin(base_days: float, share: float) -> DeadlineRule:
    """The earlier of the last two, ``base_days`` plus ``share`` of the series' own typical
    year-to-year change (the median of its absolute changes) earlier: a calm series gets a
    small margin, a restless one a large one."""

    def rule(case: Case) -> datetime | None:
        known = with_deadline(case)
        if not known:
            return None
        changes = [abs(c) for c in yearly_changes(known)]
        typical = statistics.median(changes) if changes else 0.0
        source = min(known[-2:], key=deadline_offset)
        return deadline_in(case.target.year, source, base_days + share * typical)

    return rule


def lead_floor(window: int, after_days: int) -> DeadlineRule:
    """tracker's announced rule, but never later than the announced start minus the shortest
    start-to-deadline lead of the last ``window`` editions, once the start moved ``after_days``
    or more earlier in the year than that edition's (a moved conference moves its call)."""
    base = announced(ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS, MOVE_AFTER_DAYS, MOVE_SHARE)

    def rule(case: Case) -> datetime | None:
        estimate = base(case)
        known = with_deadline(case)[-window:]
        if estimate is None or not known:
            return estimate
        leads = {e.year: in_days(start_utc(e.start) - e.paper_deadline) for e in known if e.paper_deadline}
        source = next(e for e in known if e.year == min(leads, key=lambda y: leads[y]))
        moved = (case.target.start - date(case.target.year, 1, 1)).days - (
            source.start - date(source.year, 1, 1)
        ).days
        if moved > -after_days:
            return estimate
        return min(estimate, start_utc(case.target.start) - timedelta(days=leads[source.year]))

    return rule


def announced(window: int, margin: int, move_after: int, share: float, lead_history: int = 0) -> DeadlineRule:
    """tracker's rule for an announced edition (its real start known), with these numbers
    (``lead_history`` 0: without the announced start's lead as a floor, which the bench's
    floor rules add)."""

    def rule(case: Case) -> datetime | None:
        estimate = announced_deadline(
            case.before,
            case.target.year,
            case.target.start,
            window=window,
            margin_days=margin,
            move_after_days=move_after,
            move_share=share,
            lead_history=lead_history,
        )
        return estimate.at_utc if estimate is not None else None

    return rule


def naive_where(rule: DeadlineRule) -> DeadlineRule:
    """The naive deadline, on the cases where ``rule`` gives one (the same cases compared)."""
    return lambda case: naive_deadline(case) if rule(case) is not None else None


def start_lead(window: int, lead: str, after_days: int, agree_days: float) -> DeadlineRule:
    """tracker's announced rule, but never later than the announced start minus a lead read
    from the last ``window`` editions' start-to-deadline leads (``lead``: "shortest" or
    "median"), once the start moved ``after_days`` or more earlier in the year than the
    previous edition's, and only where those leads agree within ``agree_days``."""
    base = announced(ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS, MOVE_AFTER_DAYS, MOVE_SHARE)

    def rule(case: Case) -> datetime | None:
        estimate = base(case)
        known = with_deadline(case)[-window:]
        if estimate is None or not known:
            return estimate
        leads = [in_days(start_utc(e.start) - e.paper_deadline) for e in known if e.paper_deadline]
        if max(leads) - min(leads) > agree_days:
            return estimate
        last = case.before[-1]
        moved = (case.target.start - date(case.target.year, 1, 1)).days - (
            last.start - date(last.year, 1, 1)
        ).days
        if moved > -after_days:
            return estimate
        days = min(leads) if lead == "shortest" else statistics.median(leads)
        return min(estimate, start_utc(case.target.start) - timedelta(days=days))

    return rule
