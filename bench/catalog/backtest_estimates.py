"""Held-out backtest of the edition estimator over the bundled catalog's history.

Run by hand (not a test):  python bench/catalog/backtest_estimates.py

For every series with at least three real editions, each of its editions from the third on
is projected from the editions before it alone, as of the day after the previous edition
ended (what tracker would have shown then), and compared with what really happened: the
start date and the first paper deadline. Two methods are compared on the same cases:

- ``tracker``: ``catalog.estimates.project`` as shipped;
- ``naive``: the same day of the year as the last edition (start and deadline).

Errors are in days; "late" is the share of projected paper deadlines that fall AFTER the real
one -- the harmful direction for a person planning a submission; "in ±spread" is the share of
the real start dates and deadlines within the estimate's shown spread (the naive rule shows none).

The estimator's choices (how many editions, the weekday rule, the deadline margin) were tuned
on the editions held up to 2024 only; the "report" rows (2025 on) are the held-out ones. A
second split by series (half the series by a hash of their key, each half alone) shows how
much the numbers move with the sample.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.catalog.estimates import PastEdition


@dataclass
class Errors:
    start: list[int]
    deadline: list[float]
    spread_start: list[int] = field(default_factory=list)  # the shown spread of each start case
    spread_deadline: list[int] = field(default_factory=list)

    def row(self, name: str) -> str:
        def q(values: list[int] | list[float], p: float) -> float:
            ordered = sorted(abs(v) for v in values)
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")

        late = sum(1 for v in self.deadline if v > 0) / len(self.deadline) if self.deadline else float("nan")
        return (
            f"| {name:<8} | {len(self.start):>5} | {statistics.median(abs(v) for v in self.start):>6.1f} |"
            f" {q(self.start, 0.9):>5.0f} | {len(self.deadline):>5} |"
            f" {statistics.median(abs(v) for v in self.deadline):>6.1f} | {q(self.deadline, 0.9):>5.0f} |"
            f" {late:>5.0%} | {self._covered():>9} |"
        )


    def _covered(self) -> str:
        if not self.spread_start:
            return "—"
        starts = sum(abs(e) <= s for e, s in zip(self.start, self.spread_start, strict=True))
        deadlines = sum(abs(e) <= s for e, s in zip(self.deadline, self.spread_deadline, strict=True))
        return f"{starts / len(self.start):.0%} / {deadlines / len(self.deadline):.0%}"


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def naive(history: list[PastEdition], year: int) -> tuple[date, datetime | None]:
    last = history[-1]
    # The same day of the year as the last edition, measured from 1 January of its own year.
    start = date(year, 1, 1) + (last.start - date(last.year, 1, 1))
    deadline = None
    with_deadline = [e for e in history if e.paper_deadline is not None]
    if with_deadline:
        ref = with_deadline[-1]
        assert ref.paper_deadline is not None
        deadline = ref.paper_deadline + (date(year, 1, 1) - date(ref.year, 1, 1))
    return start, deadline


def main() -> None:
    os.environ.setdefault("TRACKER_NOW", "2026-12-01T12:00:00Z")
    from tracker import db
    from tracker.catalog import estimates
    from tracker.models.catalog import Series

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'backtest.db'}"
        # split name -> method -> errors; a case goes into "all" and into one part of each split
        splits = ("all", "tune: up to 2024", "report: 2025 on", "series half A", "series half B")
        results = {split: {"tracker": Errors([], []), "naive": Errors([], [])} for split in splits}
        series_count = 0
        with db.session(url) as session:
            from sqlalchemy import select
            from sqlalchemy.orm import selectinload

            all_series = session.scalars(
                select(Series).options(selectinload(Series.editions).selectinload(estimates.Edition.deadlines))
            ).all()
            for series in all_series:
                history = sorted(estimates._history(series, date(2100, 1, 1)), key=lambda e: e.year)
                if len(history) < 3:
                    continue
                series_count += 1
                for index in range(2, len(history)):
                    target, before = history[index], history[:index]
                    as_of = before[-1].end + timedelta(days=1)
                    projection = estimates.project(
                        before, as_of, biennial=series.key in estimates.BIENNIAL
                    )
                    if projection is None or projection.year != target.year:
                        continue  # the estimator would have projected another year: not comparable
                    start, deadline = naive(before, target.year)
                    half = "series half A" if zlib.crc32(series.key.encode()) % 2 == 0 else "series half B"
                    period = "tune: up to 2024" if target.year <= 2024 else "report: 2025 on"
                    for name, (s, d) in {
                        "tracker": (projection.start, projection.paper_deadline),
                        "naive": (start, deadline),
                    }.items():
                        for split in ("all", period, half):
                            errors = results[split][name]
                            errors.start.append((s - target.start).days)
                            if name == "tracker":
                                errors.spread_start.append(projection.spread_days)
                            if d is not None and target.paper_deadline is not None:
                                errors.deadline.append((d - target.paper_deadline).total_seconds() / 86400)
                                if name == "tracker":
                                    errors.spread_deadline.append(projection.spread_days)
    print(f"{series_count} series with three or more real editions; errors in days")
    print(
        "| cases of | method   | cases | start median | p90 | cases | deadline median | p90 | late |"
        " in ±spread (start / deadline) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for split, methods in results.items():
        for name, errors in methods.items():
            print(f"| {split:<16} {errors.row(name)}")


if __name__ == "__main__":
    main()
