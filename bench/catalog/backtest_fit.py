"""Scoring and fitting for bench/catalog/backtest_estimates.py: errors, the pinball loss, and
the two protocols (a fixed split and a rolling origin) its docstring describes."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deadline_rules import Case, DeadlineRule, in_days

LAST_DEV_YEAR = 2024
LATE_AIM = 0.25  # the aim for the late share (held-out years)
TAU = 0.2  # the pinball loss's quantile: late by d days costs (1 - TAU) d, early by d costs TAU d
MIN_FIT_CASES = 20  # a rolling-origin year is held out once this many deadline cases come before it
MARGINS = tuple(range(15))  # days early, the grid every model is fitted over
FIT_LATE = 0.20  # step 5's selection: the late share an entry may have on the fitting cases


@dataclass
class Scores:
    median: float
    p90: float
    late: float
    count: int
    loss: float  # the mean pinball loss at TAU


def pinball(error: float) -> float:
    return (1 - TAU) * error if error > 0 else -TAU * error


def scores(errors: list[float]) -> Scores:
    if not errors:
        return Scores(float("nan"), float("nan"), float("nan"), 0, float("inf"))
    ordered = sorted(abs(v) for v in errors)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    late = sum(1 for v in errors if v > 0) / len(errors)
    loss = statistics.mean(pinball(v) for v in errors)
    return Scores(statistics.median(ordered), p90, late, len(errors), loss)


def counted(cases: Iterable[Case]) -> list[Case]:
    """The cases whose deadline estimate is judged: tracker estimated one, the target has a
    real deadline of that round, and one of the two was still ahead on the day."""
    return [c for c in cases if c.projection.paper_deadline is not None and c.deadline_ahead]


def deadline_errors(cases: Iterable[Case], rule: DeadlineRule) -> list[float]:
    """Estimate minus real, in days, on the counted cases where ``rule`` gives an estimate."""
    out = []
    for case in counted(cases):
        estimate = rule(case)
        assert case.target.paper_deadline is not None  # counted() holds only such cases
        if estimate is not None:
            out.append(in_days(estimate - case.target.paper_deadline))
    return out


# --- fitting: the fixed split and the rolling origin --------------------------------------


Grid = dict[str, DeadlineRule]


def best(grid: Grid, cases: list[Case]) -> str:
    """The grid's entry with the lowest mean pinball loss on ``cases`` (the first on ties)."""
    return min(grid, key=lambda name: scores(deadline_errors(cases, grid[name])).loss)


def best_by_aims(grid: Grid, cases: list[Case], late_cap: float = FIT_LATE) -> str:
    """Protocol step 5: the lowest median error among the entries late at most ``late_cap`` of
    the time on ``cases``, ties by the loss (then the grid's order); none such: the lowest loss."""
    scored = {name: scores(deadline_errors(cases, rule)) for name, rule in grid.items()}
    within = [name for name in grid if scored[name].late <= late_cap]
    if not within:
        return min(grid, key=lambda name: scored[name].loss)
    return min(within, key=lambda name: (scored[name].median, scored[name].loss))


Chooser = Callable[[Grid, list[Case]], str]


@dataclass
class Rolled:
    """A grid fitted at every rolling origin: each held-out year's errors by the rule fitted on
    the years before it."""

    errors: dict[int, list[tuple[Case, float]]]  # target year -> (case, error) pairs
    chosen: dict[int, str]  # target year -> the grid entry fitted on the years before

    def over(self, first_year: int = 0) -> list[float]:
        return [e for year, pairs in self.errors.items() if year >= first_year for _, e in pairs]


def rolling(grid: Grid, cases: list[Case], choose: Chooser = best) -> Rolled:
    rolled = Rolled({}, {})
    for year in sorted({c.target.year for c in cases}):
        earlier = [c for c in cases if c.target.year < year]
        if len(counted(earlier)) < MIN_FIT_CASES:
            continue
        name = choose(grid, earlier)
        rule = grid[name]
        rolled.chosen[year] = name
        rolled.errors[year] = [
            (c, e) for c in cases if c.target.year == year for e in deadline_errors([c], rule)
        ]
    return rolled


def rolled_years(cases: list[Case]) -> list[int]:
    """The target years a rolling origin holds out (enough fitting cases before them)."""
    years = sorted({c.target.year for c in cases})
    return [y for y in years if len(counted(c for c in cases if c.target.year < y)) >= MIN_FIT_CASES]


@dataclass
class Fitted:
    name: str
    fixed: str  # the entry fitted on the dev years
    dev: Scores
    held: Scores  # the held-out years, by the dev fit
    rolled: Scores  # the held-out years, by the rolling origin
    everything: str  # the entry fitted on every case (what would ship)


def fit(name: str, grid: Grid, dev: list[Case], held: list[Case], choose: Chooser = best) -> Fitted:
    fixed = choose(grid, dev)
    rolled = rolling(grid, dev + held, choose).over(LAST_DEV_YEAR + 1)
    return Fitted(
        name,
        fixed,
        scores(deadline_errors(dev, grid[fixed])),
        scores(deadline_errors(held, grid[fixed])),
        scores(rolled),
        choose(grid, dev + held),
    )


FITTED_HEADER = (
    "| model | fitted on dev | dev median | p90 | late | held-out (fixed) median | p90 | late | pinball |"
    " held-out (rolling) median | p90 | late | pinball | fitted on all |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def fitted_row(f: Fitted) -> str:
    return (
        f"| {f.name} | {f.fixed} | {f.dev.median:.1f} | {f.dev.p90:.0f} | {f.dev.late:.0%} |"
        f" {f.held.median:.1f} | {f.held.p90:.0f} | {f.held.late:.0%} | {f.held.loss:.2f} |"
        f" {f.rolled.median:.1f} | {f.rolled.p90:.0f} | {f.rolled.late:.0%} | {f.rolled.loss:.2f} |"
        f" {f.everything} |"
    )
