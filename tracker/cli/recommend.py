"""``tracker recommend``: the conferences and workshops worth your time, ranked and explained."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import (
    AvailableFrom,
    AvailableTo,
    Budget,
    Currency,
    Home,
    Interests,
    JsonOut,
    Mode,
    Passports,
    PrepDays,
    Student,
    VirtualOk,
    Weights,
)

if TYPE_CHECKING:
    from tracker.recommend.engine import Recommendation, RecommendResult, Why

SHORT = {"topic": "Topic", "quality": "Qual", "time": "Time", "location": "Loc", "cost": "Cost"}


def recommend_command(
    home: Home = None,
    interests: Interests = None,
    budget: Budget = None,
    currency: Currency = None,
    student: Student = None,
    available_from: AvailableFrom = None,
    available_to: AvailableTo = None,
    mode: Mode = None,
    prep_days: PrepDays = None,
    virtual_ok: VirtualOk = None,
    weights: Weights = None,
    passports: Passports = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many to show.")] = 10,
    topic: Annotated[str | None, typer.Option("--topic", help="Only this topic (and narrower ones).")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="workshop|conference", help="Only this kind.")
    ] = None,
    within_budget: Annotated[
        bool, typer.Option("--within-budget", help="Drop editions over your budget.")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also the editions off your topics (below the on-topic threshold).")
    ] = False,
    why: Annotated[
        str | None, typer.Option("--why", metavar="KEY", help="Explain one edition in full.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Rank upcoming conferences and workshops by topic, quality, time, location and cost.

    Uses your saved profile (tracker profile set); any option overrides it for this call.
    """
    from tracker import db
    from tracker.cli.freshness import shown_line
    from tracker.ingest.freshness import catalog_freshness
    from tracker.recommend import engine
    from tracker.recommend import profile as profiles

    changes = profiles.Changes(
        home=home,
        interests=interests,
        budget=budget,
        currency=currency,
        student=student,
        available_from=available_from,
        available_to=available_to,
        mode=mode,
        prep_days=prep_days,
        virtual_ok=virtual_ok,
        weights=weights,
        passports=tuple(passports) if passports else None,
    )
    options = engine.Options(
        limit=limit, topic=topic, kind=kind, within_budget=within_budget, show_all=show_all
    )
    with db.session() as session:
        person = profiles.with_overrides(profiles.load(session), changes)
        if why:
            explained = engine.why(session, person, why, options, now=engine.now_utc())
            if json_out:
                render.print_json(explained)
            else:
                _print_why(explained)
            return
        result = engine.recommend(session, person, options, now=engine.now_utc(), explained=json_out)
        fresh = catalog_freshness(session, engine.now_utc())
    if json_out:
        render.print_json(result)
        return
    # The options of this call, so that the hint to explain an edition works as printed.
    given = [
        ("--home", home),
        ("--interests", interests),
        ("--budget", budget),
        ("--currency", currency),
        ("--from", available_from),
        ("--to", available_to),
        ("--mode", mode),
        ("--prep-days", prep_days),
        ("--weights", weights),
        ("--topic", topic),
        ("--kind", kind),
    ]
    repeat = [part for flag, value in given if value is not None for part in (flag, str(value))]
    repeat += [part for code in passports or () for part in ("--passport", code)]
    flags = (("--student", "--no-student", student), ("--virtual-ok", "--no-virtual", virtual_ok))
    repeat += [on if value else off for on, off, value in flags if value is not None]
    repeat += [flag for flag, on in (("--within-budget", within_budget), ("--all", show_all)) if on]
    _print_table(result, repeat)
    estimated = sum(1 for r in result.results if r.next_deadline and r.next_deadline_estimated)
    real = sum(1 for r in result.results if r.next_deadline) - estimated
    render.info(shown_line(fresh, real, estimated))


def _money(r: Recommendation) -> str:
    text = f"{'~' if r.cost_estimated else ''}{r.cost:,.0f} {r.currency}"
    low, high = (f"{v:,.0f}" for v in r.cost_range or (0.0, 0.0))
    if r.cost_range is not None and low != high:  # place not announced: the spread over past places
        text += f" ({low}-{high})"
    return text


TOO_CLOSE = "too close"


def _dates(r: Recommendation) -> str:
    if r.start_date is None:
        return "—"
    text = r.start_date.isoformat()
    if r.end_date and r.end_date != r.start_date:
        text += f"..{r.end_date.strftime('%m-%d')}"
    return text + (" (est.)" if r.estimated else "") + ("" if r.reachable else f" {TOO_CLOSE}")


def _deadline(r: Recommendation) -> str:
    if r.next_deadline is None:
        return "—"
    kind = (r.next_deadline_type or "").replace("_", " ")
    return f"{r.next_deadline.strftime('%Y-%m-%d')} {kind}" + (" (est.)" if r.next_deadline_estimated else "")


def _place(r: Recommendation) -> str:
    if r.mode == "virtual":
        return "virtual"
    where = ", ".join(p for p in (r.city, r.country) if p) or "not announced"
    return where + (" +online" if r.mode == "hybrid" else "")


def _distance(r: Recommendation) -> str:
    if r.distance_km is None:
        return "—"
    if r.place_expected:
        return f"~{r.distance_km:,.0f} km (est.)"
    return f"{r.distance_km:,.0f} km"


# Columns given up first when the terminal is too narrow (indices into the full column list):
# the title (the key names the edition too), the five numeric sub-scores (the bars column
# still shows them), distance, the deadline, the dates.
_DROP_ORDER = (1, 10, 11, 12, 13, 14, 5, 7, 3)
_LEVELS = "▁▂▃▄▅▆▇█"
BARS_HEADER = "TQWLC"


def _bars(scores: dict[str, float]) -> str:
    """The five sub-scores as five little bars: a whole row's profile at a glance."""
    return "".join(_LEVELS[min(int(scores[k] * len(_LEVELS)), len(_LEVELS) - 1)] for k in SHORT)


def _print_table(result: RecommendResult, repeat: list[str]) -> None:
    columns = ["#", "Edition", "Key", "Dates", "Place", "Distance", "Est. cost", "Next deadline", "Score"]
    columns += [BARS_HEADER, *SHORT.values()]
    rows: list[list[str]] = []
    for r in result.results:
        plan = " (virtual)" if r.plan == "virtual" else ""
        rows.append(
            [
                str(r.rank),
                r.title + (f" +{len(r.tracks)} track{'s' if len(r.tracks) > 1 else ''}" if r.tracks else ""),
                r.key,
                _dates(r),
                _place(r),
                _distance(r),
                _money(r) + plan,
                _deadline(r),
                f"{r.total:.2f}",
                _bars(r.scores),
                *(f"{r.scores[k]:.2f}" for k in SHORT),
            ]
        )
    who = f"{result.home}; {', '.join(result.interests) or 'any topic'}; {result.mode}"
    if result.passports:
        who += f"; passport {', '.join(result.passports)}"
    if result.budget:
        who += f"; budget {result.budget:,.0f} {result.currency}"
    if not rows:
        render.info(f"Nothing to recommend out of {result.candidates} upcoming editions.")
    else:
        keep = render.columns_that_fit(columns, rows, render.console().width, _DROP_ORDER)
        render.print_table(
            f"Recommended for {who}", [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]
        )
        hidden = [columns[i] for i in range(len(columns)) if i not in keep]
        if hidden:
            render.info(
                f"Not shown at this width: {', '.join(hidden)} (widen the terminal, or use --json or --why)."
            )
    dropped = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.dropped_counts.items())
    shown = f"{len(result.results)} of {result.recommended} recommended"
    render.info(f"{shown} ({result.candidates} candidates; not recommended: {dropped or 'none'}).")
    for note in result.notes:
        render.info(note)
    if rows:
        render.info(f"{BARS_HEADER}: topic, quality, time (W for when), location, cost; ▁ low … █ high.")
    if any(not r.reachable for r in result.results):
        render.info(
            f"{TOO_CLOSE}: it starts sooner than registering, booking and any visa typically take"
            " (data/recommend/lead_times.yml); listed after every edition that can be reached."
        )
    import shlex

    if rows:
        example = shlex.join(["tracker", "recommend", *repeat, "--why", result.results[0].key])
        render.info(f"Explain one: {example}")
    if any(r.workshops for r in result.results):
        # --kind is not among ``repeat`` here: workshops are folded only when it was not given.
        workshops = shlex.join(["tracker", "recommend", *repeat, "--kind", "workshop"])
        render.info(f"Their workshops, one row each: {workshops}")


def _bar(value: float, width: int = 20) -> str:
    full = round(value * width)
    return "█" * full + "·" * (width - full)


def _print_why(w: Why) -> None:
    from rich.markup import escape

    r = w.recommendation
    out = render.console()
    status = f"rank {w.recommendation.rank} of {w.out_of}" if w.kept else f"not recommended: {w.reason}"
    out.print(f"[bold]{escape(r.title)}[/] ({escape(r.key)}) — {escape(r.name)}")
    out.print(escape(f"{_dates(r)}, {_place(r)}; {status}"))
    out.print(f"Total {r.total:.3f} = sum of weight x score over the five criteria")
    rows = [
        (e.criterion, f"{e.score:.3f}", f"{e.weight:.3f}", f"{e.contribution:.3f}", _bar(e.score))
        for e in r.explanation
    ]
    rows.append(("total", "", "1.000", f"{sum(e.contribution for e in r.explanation):.3f}", _bar(r.total)))
    render.print_table(None, ["Criterion", "Score", "Weight", "Contribution", "Score bar"], rows)
    for e in r.explanation:
        out.print(f"\n[bold]{e.criterion}[/] {e.score:.3f}: {escape(e.reason)}")
        out.print(f"  formula: {escape(e.formula)}")
        inputs = ", ".join(f"{k}={v}" for k, v in e.inputs.items() if v is not None)
        out.print(f"  inputs: {escape(inputs)}", soft_wrap=True)
    if r.decide_by:
        out.print(f"\n[bold]decide by[/] {r.decide_by.isoformat()} ({r.lead_days:g} days before the start)")
    if r.visa:
        out.print(f"[bold]visa[/]: {escape(r.visa.text)}")
    elif w.passports and r.mode != "virtual":
        out.print("[bold]visa[/]: not known (the place is not announced, or the data does not cover it)")
    for note in r.fee_notes:
        out.print(escape(f"\nFees: {note}"), soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("recommend")(recommend_command)
