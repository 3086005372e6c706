"""The backtest's further reports (bench/catalog/backtest_estimates.py prints them after its tables).

The late estimates and what their cases show, the cases brought in round by round, the
announced editions' deadline rule and its start floor, and the other deadline models, each
fitted by the same loss as the shipped rule.
"""

from __future__ import annotations

from datetime import date

from backtest_fit import (
    FITTED_HEADER,
    LAST_DEV_YEAR,
    MARGINS,
    Grid,
    Rolled,
    counted,
    deadline_errors,
    fit,
    fitted_row,
)
from deadline_rules import (
    Case,
    Pool,
    announced,
    calendar_date,
    consistent_drift,
    earliest_of,
    from_start,
    lead_floor,
    naive_deadline,
    naive_where,
    own_drift,
    pooled_shrinkage,
    season_drift,
    spread_margin,
    start_lead,
    usual_weekday,
    with_deadline,
    yearly_changes,
)

from tracker.catalog.projection import (
    ANNOUNCED_HISTORY,
    ANNOUNCED_MARGIN_DAYS,
    DEADLINE_HISTORY,
    DEADLINE_MARGIN_DAYS,
    LEAD_HISTORY,
    MOVE_AFTER_DAYS,
    MOVE_SHARE,
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


def misses_report(rolled: Rolled) -> None:
    """Every held-out estimate that fell after the real deadline, with what its case shows."""
    misses = [
        (error, case)
        for year, pairs in rolled.errors.items()
        if year > LAST_DEV_YEAR
        for case, error in pairs
        if error > 0
    ]
    print()
    print(
        f"Held-out estimates that fell after the real deadline ({len(misses)}), latest first, by the rolling"
        " origin's rules (start moved: against the edition tracker's shipped rule copies):"
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


def rounds_report(cases: list[Case]) -> None:
    later_round = [c for c in counted(cases) if c.projection.deadline_round > 1]
    brought_in = [c for c in counted(cases) if not c.first_round_ahead]
    left = [c for c in cases if c.projection.paper_deadline is not None and not c.deadline_ahead]
    shipped = earliest_of(DEADLINE_HISTORY, DEADLINE_MARGIN_DAYS)
    print()
    print(
        f"Round by round: {len(later_round)} counted cases estimate a later round than the first"
        f" ({sum(c.target.year > LAST_DEV_YEAR for c in later_round)} held-out); {len(brought_in)} counted"
        f" cases had their first round passed on the day of the estimate"
        f" ({sum(c.target.year > LAST_DEV_YEAR for c in brought_in)} held-out; they were left out"
        " before). Their deadline errors, shipped rule: "
        + ", ".join(
            f"{c.series} {c.target.year} r{c.projection.deadline_round} {e:+.0f} d"
            for c in brought_in
            for e in deadline_errors([c], shipped)
        )
    )
    late_ahead = [c for c in counted(cases) if not c.real_ahead]
    print(
        f"  {len(late_ahead)} counted estimates were still ahead while the real deadline had passed"
        f" (late by construction); {len(left)} cases left out: both the estimate and the real deadline"
        " had passed on the day."
    )


def announced_report(dev: list[Case], held: list[Case]) -> None:
    """The second table: the deadline of an edition whose dates are announced (real start known)."""
    shipped = announced(ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS, MOVE_AFTER_DAYS, MOVE_SHARE)
    family = {
        f"earliest of {w}, {m} d early, moves >= {t} d x {k}": announced(w, m, t, k)
        for w in (1, 2, 3)
        for m in MARGINS
        for t in (30, 60, 90, 10**4)  # 10**4: never follows the start
        for k in (0.5, 1.0)
    }
    chosen = fit("announced", family, dev, held)
    shipped_name = (
        f"earliest of {ANNOUNCED_HISTORY}, {ANNOUNCED_MARGIN_DAYS} d early,"
        f" moves >= {MOVE_AFTER_DAYS} d x {MOVE_SHARE}"
    )
    verdict = "the same" if chosen.everything == shipped_name else "DIFFERENT: update catalog/projection.py"
    print()
    print("Announced editions (real start known, deadline not): the deadline follows a moved start.")
    print(f"  fitted on every case (ships): {chosen.everything}; shipped: {shipped_name} ({verdict})")
    print()
    print(FITTED_HEADER)
    print(fitted_row(chosen))
    print(
        fitted_row(
            fit(
                "no move",
                {"no move": announced(ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS, 10**4, 0)},
                dev,
                held,
            )
        )
    )
    print(fitted_row(fit("naive", {"last edition's day": naive_where(shipped)}, dev, held)))

    floors: Grid = {"no floor": shipped}
    floors |= {
        f"shortest lead of {w}, start >= {a} d earlier": lead_floor(w, a)
        for w in (1, 2, 3, 4)
        for a in (0, 7, 14, 30)
    }
    refined: Grid = {"no floor": shipped}
    refined |= {
        f"{lead} lead of {w}, start >= {a} d earlier, leads within {g} d": start_lead(w, lead, a, g)
        for w in (2, 3)
        for lead in ("shortest", "median")
        for a in (0, 14, 30)
        for g in (7, 14, 30, 10**4)
    }
    with_floor = announced(
        ANNOUNCED_HISTORY, ANNOUNCED_MARGIN_DAYS, MOVE_AFTER_DAYS, MOVE_SHARE, LEAD_HISTORY
    )
    floor_name = f"median lead of {LEAD_HISTORY}, start >= 0 d earlier, leads within {10**4} d"
    # The shipped floor must be the bench's rule exactly, or the fit says nothing about it.
    assert all(with_floor(c) == refined[floor_name](c) for c in dev + held), "bench floor != tracker's"
    refined_fit = fit("floor, refined", refined, dev, held)
    verdict = (
        "the same" if refined_fit.everything == floor_name else "DIFFERENT: update catalog/projection.py"
    )
    print()
    print("The announced start as a floor (deadline <= start minus a recent lead), fitted by the same loss:")
    print(f"  fitted on every case (ships): {refined_fit.everything}; shipped: {floor_name} ({verdict})")
    print()
    print(FITTED_HEADER)
    print(fitted_row(fit("floor (last session's)", floors, dev, held)))
    print(fitted_row(refined_fit))
    always = {k: v for k, v in refined.items() if k != "no floor"}
    print(fitted_row(fit("floor, always one", always, dev, held)))
    print(fitted_row(fit("shipped floor (in sample)", {floor_name: with_floor}, dev, held)))
    print(fitted_row(fit("naive", {"last edition's day": naive_where(with_floor)}, dev, held)))


def other_models(dev: list[Case], held: list[Case], pool: Pool, family: Grid) -> None:
    grids: list[tuple[str, Grid]] = [
        ("tracker (shipped family)", family),
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
        ("own drift", {f"slope of {w}, {m} d early": own_drift(w, m) for w in (3, 4) for m in MARGINS}),
        (
            "shrunk toward the pool",
            {
                f"q{a:.2f} of changes, pool {k}": pooled_shrinkage(a, k, pool)
                for a in (0.1, 0.15, 0.2, 0.25, 0.3)
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
                for b in range(8)
                for k in (0.1, 0.2, 0.3, 0.5)
            },
        ),
    ]
    print()
    print("Other deadline models, each fitted by the same loss (fixed split and rolling origin):")
    print(FITTED_HEADER)
    for name, grid in grids:
        print(fitted_row(fit(name, grid, dev, held)))
