"""Held-out backtest of the edition estimator over the bundled catalog's history.

Run by hand (not a test):  python bench/catalog/backtest_estimates.py

Cases. For every series with at least three real editions, each of its editions from the
third on is projected from the editions before it alone, as of the day after the previous
edition ended (what tracker would have shown then), and compared with what really happened:
the start date and the first paper deadline. Errors are in days (estimate minus real);
"late" is the share of estimated paper deadlines that fall AFTER the real one -- the harmful
direction for a person planning a submission; "in ±spread" is the share of real start dates
and deadlines within the estimate's shown spread (the naive rule shows none).

Only deadlines still ahead on that day count: an estimate of a deadline that had already
passed (VLDB's, SIGMOD's and EDBT's first rounds fall before the previous edition is over; KDD
2025's first cycle closed before KDD 2024 began) is one no person could have used; the report
says how many were left out and what counting them would give.

Announced editions. The second table asks what tracker shows on an edition whose dates are
announced and whose paper deadline is not (``catalog.projection.announced_deadline``): the
same cases, with the real start known. Its rule (the deadline follows a moved start) is
fitted on the dev years the same way.

Split. Editions held up to 2024 are the development years: the paper deadline rule is
FITTED on them here (below), and the shipped constants are checked against that fit. The
editions from 2025 on are held out: they are only reported. A second split by series (half
the series by a hash of their key) shows how much the numbers move with the sample.

Protocol of the fit (written down before any of its numbers were run, December 2026; the
earlier fit, "late share <= 25% on dev, then the lowest dev median", gave a dev late share
of 19% that became 30% on the held-out years):

1. Round by round. A series with several submission rounds (VLDB, SIGMOD, EDBT, ICDE, KDD,
   WACV ...) is estimated round by round: round r from round r of the earlier editions
   (an edition without that round gives nothing). tracker shows the first round whose
   estimate is still ahead on the day of the estimate (the first round when none is), and
   that round's real deadline is what the estimate is judged against -- for every method,
   on the same cases. A case counts when that real deadline or that estimate is still
   ahead on the day: the cases whose first round had passed come in (judged on a later
   round), and an estimate still ahead whose real deadline had passed counts as late.
2. The loss. Every family's numbers are chosen by the lowest mean pinball (quantile) loss
   at tau = 0.2 over the fitting cases: an estimate late by d days costs 0.8 d, early by
   d costs 0.2 d (an estimate at the 20% quantile of the real deadline; ties go to the
   grid's order). No late-share constraint is added on top.
3. Two protocols, both reported:
   - fixed split: fitted on target years <= 2024, reported on 2025 on;
   - rolling origin: for every target year Y with at least MIN_FIT_CASES cases before it,
     fitted on the years < Y and reported on Y; every such year is held out once.
   The VERDICT is the rolling origin over the target years 2025 on (each year estimated
   by the rule fitted on all years before it: what a maintainer refitting every year
   ships), judged by the five aims below against naive on the same cases. The shipped
   constants are that procedure's next step: the fit on every case of the catalog, and
   the bench checks that catalog/projection.py holds them. The fixed split is reported
   beside it as a second reading.
4. The announced-start signal (an announced edition, its start known) is refined on the
   fitting years only, judged by the same loss: the start minus a lead read from the
   series' recent leads (the shortest, the median of the last three), only once the
   start moved earlier, or only when the leads agree.

Methods compared on the same cases:
- ``tracker``: ``catalog.projection.project`` as shipped;
- ``naive``: the same day of the year as the last edition (start and deadline);
- challengers for the paper deadline, each fitted on the development years by the same rule
  and reported on the held-out ones: from the projected start, from the real start (what an
  announced edition without a deadline would allow), the series' own drift, pooled
  shrinkage of the year-on-year change, this season's drift of the other series, the
  calendar date, the lowest of the last k moved back to the weekday it fell on, a drift
  followed only where the last three deadlines moved earlier each time (shrunk), a margin
  in proportion to the series' own year-to-year change; and, for an announced edition, the
  announced start minus the shortest recent lead as a floor. The same families are fitted
  again with a stricter reading of the late aim (its 95% upper bound on the 47 dev cases),
  shown as a trade-off, not shipped: that reading was tried after seeing the held-out years.

Misses. Every held-out estimate that fell after the real deadline is printed with what its
case shows: a start that moved 14 days or more earlier in the year (known only once the
edition is announced), a submission round more than the copied edition had, deadlines
already drifting earlier three times in a row, or nothing visible in the history.
"""

from __future__ import annotations

import itertools
import math
import os
import statistics
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from deadline_rules import (
    Case,
    DeadlineRule,
    Pool,
    announced,
    calendar_date,
    consistent_drift,
    earliest_of,
    from_start,
    in_days,
    lead_floor,
    naive_deadline,
    naive_start,
    naive_where,
    own_drift,
    pooled_shrinkage,
    season_drift,
    spread_margin,
    usual_weekday,
    with_deadline,
    yearly_changes,
)

from tracker.catalog.projection import (
    DEADLINE_HISTORY,
    DEADLINE_MARGIN_DAYS,
    MOVE_AFTER_DAYS,
    MOVE_SHARE,
)

LAST_DEV_YEAR = 2024
LATE_AIM = 0.25  # the aim for the late share; the fit must meet it on dev years
MARGINS = tuple(range(15))  # days early, the grid every model is fitted over


@dataclass
class Scores:
    median: float
    p90: float
    late: float
    count: int


def scores(errors: list[float]) -> Scores:
    if not errors:
        return Scores(float("nan"), float("nan"), float("nan"), 0)
    ordered = sorted(abs(v) for v in errors)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    late = sum(1 for v in errors if v > 0) / len(errors)
    return Scores(statistics.median(ordered), p90, late, len(errors))


def deadline_errors(cases: Iterable[Case], rule: DeadlineRule, *, passed: bool = False) -> list[float]:
    """Estimate minus real, in days, on the cases where tracker estimates a deadline that was
    still ahead (``passed``: those already passed too)."""
    out = []
    for case in cases:
        if case.projection.paper_deadline is None or case.target.paper_deadline is None:
            continue
        if not (passed or case.deadline_ahead):
            continue
        estimate = rule(case)
        if estimate is None:
            continue
        out.append(in_days(estimate - case.target.paper_deadline))
    return out


# --- fitting on the development years ----------------------------------------------------


@dataclass
class Fitted:
    name: str
    params: str
    dev: Scores
    held: Scores


def late_in_sample(s: Scores) -> float:
    return s.late


def late_upper_bound(s: Scores, z: float = 1.645) -> float:
    """The one-sided 95% (Wilson) upper bound of the late share: 47 dev cases leave a sample
    share of 19% compatible with a true one well above 25%."""
    n, p = s.count, s.late
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre + margin) / (1 + z * z / n)


def fit(
    name: str,
    grid: dict[str, DeadlineRule],
    dev: list[Case],
    held: list[Case],
    late: Callable[[Scores], float] = late_in_sample,
) -> Fitted:
    """The grid's rule that meets the late aim on the dev years with the lowest dev median
    (then p90); the first such in the grid's order on ties. None meets it: the lowest late.
    ``late`` reads the late share off the dev scores (the sample share, or a bound of it)."""

    def key(item: tuple[str, DeadlineRule]) -> tuple[bool, float, float]:
        s = scores(deadline_errors(dev, item[1]))
        return (False, s.median, s.p90) if late(s) <= LATE_AIM else (True, s.late, s.median)

    params, rule = min(grid.items(), key=key)
    return Fitted(name, params, scores(deadline_errors(dev, rule)), scores(deadline_errors(held, rule)))


def collect() -> tuple[list[Case], Pool, int]:
    """The cases, every series' year-on-year deadline changes (with when they were known), and
    the number of series."""
    os.environ.setdefault("TRACKER_NOW", "2026-12-01T12:00:00Z")
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from tracker import db
    from tracker.catalog import estimates, projection
    from tracker.models.catalog import Edition, Series

    cases: list[Case] = []
    pool: Pool = []
    series_count = 0
    with tempfile.TemporaryDirectory() as folder, db.session(f"sqlite:///{Path(folder) / 'b.db'}") as session:
        all_series = session.scalars(
            select(Series).options(selectinload(Series.editions).selectinload(Edition.deadlines))
        ).all()
        for series in all_series:
            history = sorted(estimates.past_editions(series, date(2100, 1, 1)), key=lambda e: e.year)
            known = [e for e in history if e.paper_deadline is not None]
            pool += [
                (series.key, b.end, b.paper_deadline, c)
                for (_, b), c in zip(itertools.pairwise(known), yearly_changes(known), strict=True)
                if b.paper_deadline is not None  # always: ``known`` has deadlines (for mypy)
            ]
            if len(history) < 3:
                continue
            series_count += 1
            rounds = {
                e.year: len({d.round for d in e.deadlines if d.type == "paper" and not d.estimated})
                for e in series.editions
            }
            for index in range(2, len(history)):
                target, before = history[index], history[:index]
                projected = projection.project(
                    before, before[-1].end + timedelta(days=1), biennial=series.key in estimates.BIENNIAL
                )
                if projected is None or projected.year != target.year:
                    continue  # the estimator would have projected another year: not comparable
                cases.append(Case(series.key, before, target, projected, rounds))
    return cases, pool, series_count


# --- the report --------------------------------------------------------------------------


def _row(split: str, name: str, cases: list[Case], rule: DeadlineRule, start: Callable[[Case], date]) -> str:
    start_errors = [(start(c) - c.target.start).days for c in cases]
    s, d = scores([float(e) for e in start_errors]), scores(deadline_errors(cases, rule))
    covered = "—"
    if name == "tracker":
        in_start = sum(abs(e) <= c.projection.spread_days for e, c in zip(start_errors, cases, strict=True))
        in_deadline = [
            abs(in_days(c.projection.paper_deadline - c.target.paper_deadline)) <= c.projection.spread_days
            for c in cases
            if c.projection.paper_deadline is not None
            and c.target.paper_deadline is not None
            and c.deadline_ahead
        ]
        covered = f"{in_start / len(cases):.0%} / {sum(in_deadline) / len(in_deadline):.0%}"
    return (
        f"| {split:<17} | {name:<7} | {s.count:>5} | {s.median:>6.1f} | {s.p90:>4.0f} | {d.count:>5} |"
        f" {d.median:>6.1f} | {d.p90:>4.0f} | {d.late:>4.0%} | {covered:>9} |"
    )


def _fitted_row(f: Fitted) -> str:
    return (
        f"| {f.name:<22} | {f.params:<28} | {f.dev.median:>10.1f} | {f.dev.p90:>3.0f} | {f.dev.late:>4.0%} |"
        f" {f.held.median:>15.1f} | {f.held.p90:>3.0f} | {f.held.late:>4.0%} |"
    )


def _start_moved(case: Case, source_year: int) -> int:
    """Days the real start moved in the year against the ``source_year`` edition's start."""
    source = next(e for e in case.before if e.year == source_year)
    return (case.target.start - date(case.target.year, 1, 1)).days - (
        source.start - date(source.year, 1, 1)
    ).days


MOVED_START_DAYS = 14  # a start this much earlier in the year than before: the conference moved


def miss_kind(case: Case) -> str:
    """What a late estimate's case shows, in this order: the conference moved earlier in the
    year (its start, known only once announced), the edition added a submission round, the
    series' deadlines were already drifting earlier (three in a row), or nothing visible."""
    source_year = case.projection.deadline_from
    assert source_year is not None
    if _start_moved(case, source_year) <= -MOVED_START_DAYS:
        return "start moved earlier"
    if case.rounds.get(case.target.year, 1) > case.rounds.get(source_year, 1):
        return "a new round"
    known = with_deadline(case)[-3:]
    if len(known) == 3 and all(c < 0 for c in yearly_changes(known)):
        return "drifting earlier"
    return "nothing visible"


def _misses_report(held: list[Case], rule: DeadlineRule) -> None:
    """Every held-out estimate that fell after the real deadline, with what its case shows."""
    misses = []
    for case in held:
        if not deadline_errors([case], rule):
            continue
        error = deadline_errors([case], rule)[0]
        if error > 0:
            misses.append((error, case))
    print()
    print(
        f"Held-out estimates that fell after the real deadline ({len(misses)}), latest first (late by"
        " more than 8 d: the real one came more than 10 d before the earlier of the last two):"
    )
    print("| series, year | late by | real deadline | start moved | rounds then / now | what it shows |")
    print("|---|---|---|---|---|---|")
    kinds: dict[str, int] = {}
    for error, case in sorted(misses, key=lambda m: -m[0]):
        source_year = case.projection.deadline_from
        assert source_year is not None and case.target.paper_deadline is not None
        kind = miss_kind(case)
        kinds[kind] = kinds.get(kind, 0) + 1
        print(
            f"| {case.series} {case.target.year} | {error:.0f} d | {case.target.paper_deadline.date()} |"
            f" {_start_moved(case, source_year):+d} d against {source_year} |"
            f" {case.rounds.get(source_year, 1)} / {case.rounds.get(case.target.year, 1)} | {kind} |"
        )
    print("  " + "; ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items(), key=lambda k: -k[1])))


def _announced_report(dev: list[Case], held: list[Case]) -> None:
    """The second table: the deadline of an edition whose dates are announced (real start known)."""
    shipped = announced(DEADLINE_HISTORY, DEADLINE_MARGIN_DAYS, MOVE_AFTER_DAYS, MOVE_SHARE)
    family = {
        f"earliest of {w}, {m} d early, moves >= {t} d x {k}": announced(w, m, t, k)
        for w in (1, 2, 3)
        for m in MARGINS
        for t in (30, 60, 90, 10**4)  # 10**4: never follows the start
        for k in (0.5, 1.0)
    }
    chosen = fit("announced", family, dev, held)
    shipped_name = (
        f"earliest of {DEADLINE_HISTORY}, {DEADLINE_MARGIN_DAYS} d early,"
        f" moves >= {MOVE_AFTER_DAYS} d x {MOVE_SHARE}"
    )
    verdict = "the same" if chosen.params == shipped_name else "DIFFERENT: update catalog/projection.py"
    print()
    print("Announced editions (real start known, deadline not): the deadline follows a moved start.")
    print(f"  dev fit: {chosen.params}; shipped: {shipped_name} ({verdict})")
    print()
    print("| cases of          | method   | cases | deadline median | p90 | late |")
    print("|---|---|---|---|---|---|")
    for split, chosen_cases in (("dev: up to 2024", dev), ("held-out: 2025 on", held)):
        for name, rule in (
            ("tracker", shipped),
            ("no move", announced(DEADLINE_HISTORY, DEADLINE_MARGIN_DAYS, 10**4, 0.0)),
            ("naive", naive_where(shipped)),
        ):
            d = scores(deadline_errors(chosen_cases, rule))
            print(
                f"| {split:<17} | {name:<8} | {d.count:>5} | {d.median:>6.1f} | {d.p90:>4.0f} |"
                f" {d.late:>4.0%} |"
            )

    floors = {
        f"shortest lead of {w}, start >= {a} d earlier": lead_floor(w, a)
        for w in (1, 2, 3, 4)
        for a in (0, 7, 14, 30)
    }
    print()
    print("Announced start as a floor (deadline <= start minus the shortest recent lead), fitted on dev:")
    print(
        f"| {'model':<22} | {'fitted on dev':<28} | dev median | p90 | late | held-out median | p90 | late |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for fitted in (
        fit("floor or none", {"no floor (shipped)": shipped, **floors}, dev, held),
        fit("floor, always one", floors, dev, held),
        fit("floor, 95% late bound", {"no floor (shipped)": shipped, **floors}, dev, held, late_upper_bound),
    ):
        print(_fitted_row(fitted))
    # Diagnosis only, chosen on the held-out years: what the floor could do at best there.
    naive_held = scores(deadline_errors(held, naive_where(shipped)))
    reachable = [
        (s.median, s.p90, s.late, name)
        for name, rule in floors.items()
        if (s := scores(deadline_errors(held, rule))).late <= LATE_AIM
        and s.median < naive_held.median
        and s.p90 < naive_held.p90
    ]
    print(
        f"  Diagnosis (held-out looked at, not used to choose): {len(reachable)} of the {len(floors)} floors"
        " meet every aim on the held-out years"
        + (
            f", e.g. {min(reachable)[3]} ({min(reachable)[0]:.1f} / {min(reachable)[1]:.0f} /"
            f" {min(reachable)[2]:.0%})"
            if reachable
            else ""
        )
        + "; the dev years choose no floor (it costs their p90)."
    )


def main() -> None:
    cases, pool, series_count = collect()
    dev = [c for c in cases if c.target.year <= LAST_DEV_YEAR]
    held = [c for c in cases if c.target.year > LAST_DEV_YEAR]
    shipped = earliest_of(DEADLINE_HISTORY, DEADLINE_MARGIN_DAYS)
    # The family below must hold the shipped rule exactly, or the fit says nothing about it.
    assert all(shipped(c) == c.projection.paper_deadline for c in cases), "bench rule != project()"

    print(f"{series_count} series with three or more real editions, {len(cases)} cases; errors in days")
    print(f"Paper deadline rule fitted on the {len(dev)} dev cases (target years <= {LAST_DEV_YEAR}):")
    print(f"  late share <= {LATE_AIM:.0%} on dev, then the lowest dev median, then p90; held-out not used.")
    family = {f"earliest of {w}, {m} d early": earliest_of(w, m) for w in (1, 2, 3) for m in MARGINS}
    chosen = fit("tracker (shipped rule)", family, dev, held)
    shipped_name = f"earliest of {DEADLINE_HISTORY}, {DEADLINE_MARGIN_DAYS} d early"
    verdict = "the same" if chosen.params == shipped_name else "DIFFERENT: update catalog/projection.py"
    print(f"  dev fit: {chosen.params}; shipped: {shipped_name} ({verdict})")
    print()
    print(
        "| cases of          | method  | cases | start median | p90 | cases | deadline median | p90 |"
        " late | in ±spread (start / deadline) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    splits = {
        "dev: up to 2024": dev,
        "held-out: 2025 on": held,
        "all": cases,
        "series half A": [c for c in cases if c.half == "series half A"],
        "series half B": [c for c in cases if c.half == "series half B"],
    }
    for split, chosen_cases in splits.items():
        print(_row(split, "tracker", chosen_cases, shipped, lambda c: c.projection.start))
        print(
            _row(split, "naive", chosen_cases, naive_deadline, lambda c: naive_start(c.before, c.target.year))
        )

    passed = [c for c in cases if c.target.paper_deadline is not None and not c.deadline_ahead]
    counted = scores(deadline_errors(held, shipped, passed=True))
    counted_naive = scores(deadline_errors(held, naive_deadline, passed=True))
    print()
    print(
        f"Left out: {len(passed)} estimated deadlines that had passed on the day of the estimate"
        f" ({sum(c.target.year > LAST_DEV_YEAR for c in passed)} held-out). Counting them, held-out"
        f" deadline median / p90 / late: tracker {counted.median:.1f} / {counted.p90:.0f} /"
        f" {counted.late:.0%}, naive {counted_naive.median:.1f} / {counted_naive.p90:.0f} /"
        f" {counted_naive.late:.0%}."
    )
    _announced_report(dev, held)
    _misses_report(held, shipped)

    print()
    print("Held-out aims (tracker against naive, 2025 on):")
    t_start = scores([float((c.projection.start - c.target.start).days) for c in held])
    n_start = scores([float((naive_start(c.before, c.target.year) - c.target.start).days) for c in held])
    t_dl, n_dl = scores(deadline_errors(held, shipped)), scores(deadline_errors(held, naive_deadline))
    for aim, met in (
        ("start median below naive", t_start.median < n_start.median),
        ("start p90 below naive", t_start.p90 < n_start.p90),
        ("deadline median below naive", t_dl.median < n_dl.median),
        ("deadline p90 below naive", t_dl.p90 < n_dl.p90),
        (f"late share <= {LATE_AIM:.0%}", t_dl.late <= LATE_AIM),
    ):
        print(f"  {aim:<28} {'met' if met else 'NOT met'}")

    print()
    print("Other deadline models, each fitted on dev years by the same rule, reported on held-out:")
    print(
        f"| {'model':<22} | {'fitted on dev':<28} | dev median | p90 | late | held-out median | p90 | late |"
    )
    print("|---|---|---|---|---|---|---|---|")
    grids: list[tuple[str, dict[str, DeadlineRule]]] = [
        ("tracker (shipped rule)", family),
        ("naive", {"last edition's day": naive_deadline}),
        (
            "from projected start",
            {f"median gap of {w}, {m} d early": from_start(w, m) for w in (2, 3, 4) for m in MARGINS},
        ),
        (
            "from the real start",
            {
                f"median gap of {w}, {m} d early": from_start(w, m, announced=True)
                for w in (2, 3, 4)
                for m in MARGINS
            },
        ),
        (
            "own drift",
            {f"slope of {w}, {m} d early": own_drift(w, m) for w in (3, 4) for m in MARGINS},
        ),
        (
            "shrunk toward the pool",
            {
                f"q{a:.2f} of changes, pool {k}": pooled_shrinkage(a, k, pool)
                for a in (0.2, 0.25, 0.3, 0.35)
                for k in (1, 4, 16)
            },
        ),
        (
            "this season's drift",
            {
                f"earliest of {w}, {m} d, {d} d": season_drift(w, m, d, pool)
                for w in (1, 2, 3)
                for m in MARGINS
                for d in (180, 365)
            },
        ),
        (
            "calendar date",
            {f"earliest of {w}, {m} d early": calendar_date(w, m) for w in (1, 2, 3) for m in MARGINS},
        ),
        (
            "lowest of k, weekday",
            {f"lowest of {w}, {m} d, weekday": usual_weekday(w, m) for w in (1, 2, 3, 4) for m in MARGINS},
        ),
        (
            "consistent drift",
            {
                f"earliest of {w}, {m} d, x{k}": consistent_drift(w, m, k)
                for w in (2, 3)
                for m in MARGINS
                for k in (0.5, 1.0)
            },
        ),
        (
            "own spread margin",
            {
                f"{b} d + {k} x typical change": spread_margin(b, k)
                for b in range(5)
                for k in (0.1, 0.2, 0.3, 0.5)
            },
        ),
    ]
    for name, grid in grids:
        print(_fitted_row(fit(name, grid, dev, held)))
    # Also diagnosis: the same families with a stricter fit, the 95% upper bound of the dev
    # late share within the aim instead of the sample share. It was tried after seeing every
    # dev fit lose about ten points of late share on the held-out years, so it is informed by
    # them: shown as the trade-off it gives, not shipped.
    print()
    print("The same families fitted with the dev late share's 95% upper bound <= 25% (a stricter fit):")
    print("|---|---|---|---|---|---|---|---|")
    for name, grid in grids:
        print(_fitted_row(fit(name, grid, dev, held, late_upper_bound)))

    # Diagnosis only (it looks at the held-out years, so nothing above is chosen by it): the
    # best held-out median the shipped family reaches while keeping the held-out late share
    # within the aim -- how far the aim is from what these rules can do on this sample.
    reachable = [
        (s.median, s.p90, name)
        for name, rule in family.items()
        if (s := scores(deadline_errors(held, rule))).late <= LATE_AIM
    ]
    print()
    if reachable:
        median, p90, name = min(reachable)
        print(
            f"Diagnosis (held-out looked at, not used to choose): with held-out late <= {LATE_AIM:.0%} the"
            f" family's best held-out deadline error is {median:.1f} / {p90:.0f} ({name});"
            f" naive {n_dl.median:.1f} / {n_dl.p90:.0f}."
        )
    moved = [e for e in deadline_errors(held, earliest_of(2, 0)) if e > 10]
    print(
        f"{len(moved)} of {len(deadline_errors(held, shipped))} held-out deadlines came more than 10 days"
        " before the earlier of the last two at its place in the year (a new cycle, a moved"
        " conference): a margin of a few days cannot catch those."
    )


if __name__ == "__main__":
    main()
