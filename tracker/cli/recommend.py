"""``tracker recommend``: the conferences and workshops worth your time, ranked and explained."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker import localfmt
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
from tracker.i18n import N_, _, ngettext, prose_list, shown_title, translated

if TYPE_CHECKING:
    from tracker.recommend.engine import Recommendation, RecommendResult, Why

SHORT = {
    "topic": N_("Topic"),
    "quality": N_("Qual"),
    "time": N_("Time"),
    "location": N_("Loc"),
    "cost": N_("Cost"),
}


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
    from tracker.cli.allocator import keep_freed_memory
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
    keep_freed_memory()  # a million editions' temporaries reused, not refaulted (see allocator)
    if why:  # an explanation resolves the edition's key through the catalog's ORM resolver
        with db.session() as session:
            person = profiles.with_overrides(profiles.load(session), changes)
            explained = engine.why(session, person, why, options, now=engine.now_utc())
        if json_out:
            render.print_json(explained)
        else:
            _print_why(explained)
        return
    # The ranking reads plain columns on a read connection: no sqlalchemy.orm to import.
    with db.read_connection() as conn:
        person = profiles.with_overrides(profiles.load(conn), changes)
        result = engine.recommend(conn, person, options, now=engine.now_utc(), explained=json_out)
        fresh = catalog_freshness(conn, engine.now_utc())
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
    text = f"{'~' if r.cost_estimated else ''}{localfmt.money(r.cost, r.currency)}"
    low, high = (localfmt.number(v) for v in r.cost_range or (0.0, 0.0))
    if r.cost_range is not None and low != high:  # place not announced: the spread over past places
        text += f" ({low}-{high})"
    return text


TOO_CLOSE = N_("too close")


def _dates(r: Recommendation) -> str:
    if r.start_date is None:
        return "—"
    text = localfmt.day(r.start_date)
    if r.end_date and r.end_date != r.start_date:
        text += f"..{localfmt.month_day(r.end_date)}"
    return text + (_(" (est.)") if r.estimated else "") + ("" if r.reachable else f" {_(TOO_CLOSE)}")


def _deadline(r: Recommendation) -> str:
    if r.next_deadline is None:
        return "—"
    kind = render.deadline_type(r.next_deadline_type or "")
    day = localfmt.day(r.next_deadline.date())
    return f"{day} {kind}" + (_(" (est.)") if r.next_deadline_estimated else "")


def _place(r: Recommendation) -> str:
    if r.mode == "virtual":
        return _("virtual")
    where = ", ".join(p for p in (r.city, r.country) if p) or _("not announced")
    return where + (_(" +online") if r.mode == "hybrid" else "")


def _distance(r: Recommendation) -> str:
    if r.distance_km is None:
        return "—"
    if r.place_expected:
        return _("~{distance} km (est.)").format(distance=localfmt.number(r.distance_km))
    return _("{distance} km").format(distance=localfmt.number(r.distance_km))


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
    columns = ["#", _("Edition"), _("Key"), _("Dates"), _("Place"), _("Distance"), _("Est. cost")]
    columns += [_("Next deadline"), _("Score"), BARS_HEADER, *(_(name) for name in SHORT.values())]
    rows: list[list[str]] = []
    for r in result.results:
        plan = _(" (virtual)") if r.plan == "virtual" else ""
        rows.append(
            [
                str(r.rank),
                shown_title(r.title) + (_tracks(len(r.tracks)) if r.tracks else ""),
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
    from tracker.catalog.topics import shown_name
    from tracker.i18n import language

    # Interests by their Chinese names in zh (自然语言处理), their keys in English.
    named = [shown_name(key, "zh") for key in result.interests] if language() == "zh" else result.interests
    topics = prose_list(named) or _("any topic")
    who = _("; ").join([result.home, topics, _(result.mode)])
    if result.passports:
        who += _("; passport {codes}").format(codes=prose_list(result.passports))
    if result.budget:
        who += _("; budget {amount}").format(amount=localfmt.money(result.budget, result.currency))
    if not rows:
        render.info(
            _("Nothing to recommend out of {count} upcoming editions.").format(count=result.candidates)
        )
    else:
        keep = render.columns_that_fit(columns, rows, render.console().width, _DROP_ORDER)
        render.print_table(
            _("Recommended for {who}").format(who=who),
            [columns[i] for i in keep],
            [[row[i] for i in keep] for row in rows],
        )
        hidden = [columns[i] for i in range(len(columns)) if i not in keep]
        if hidden:
            render.info(
                _("Not shown at this width: {columns} (widen the terminal, or use --json or --why).").format(
                    columns=prose_list(hidden)
                )
            )
    dropped = prose_list(f"{n} {_(k.replace('_', ' '))}" for k, n in result.dropped_counts.items())
    render.info(
        _(
            "{shown} of {recommended} recommended ({candidates} candidates; not recommended: {dropped})."
        ).format(
            shown=len(result.results),
            recommended=result.recommended,
            candidates=result.candidates,
            dropped=dropped or _("none"),
        )
    )
    for note in result.notes:
        render.info(translated(note))  # the domain's notes are English (--json too), shown translated
    if rows:
        render.info(
            _("{bars}: topic, quality, time (W for when), location, cost; ▁ low … █ high.").format(
                bars=BARS_HEADER
            )
        )
    if any(not r.reachable for r in result.results):
        render.info(
            _(
                "{too_close}: it starts sooner than registering, booking and any visa typically take"
                " (data/recommend/lead_times.yml); listed after every edition that can be reached."
            ).format(too_close=_(TOO_CLOSE))
        )
    import shlex

    if rows:
        example = shlex.join(["tracker", "recommend", *repeat, "--why", result.results[0].key])
        render.info(_("Explain one: {command}").format(command=example))
    if any(r.workshops for r in result.results):
        # --kind is not among ``repeat`` here: workshops are folded only when it was not given.
        workshops = shlex.join(["tracker", "recommend", *repeat, "--kind", "workshop"])
        render.info(_("Their workshops, one row each: {command}").format(command=workshops))


def _tracks(count: int) -> str:
    return ngettext(" +{count} track", " +{count} tracks", count).format(count=count)


# The words of the dropped counts and modes above, for the catalog.
DROPPED_WORDS = (
    N_("started"),
    N_("no dates"),
    N_("outside window"),
    N_("deadline passed"),
    N_("deadline too close"),
    N_("virtual not accepted"),
    N_("off topic"),
    N_("shown with parent"),
    N_("over budget"),
    N_("attend"),
    N_("submit"),
)


def _bar(value: float, width: int = 20) -> str:
    full = round(value * width)
    return "█" * full + "·" * (width - full)


def _print_why(w: Why) -> None:
    from rich.markup import escape

    r = w.recommendation
    out = render.console()
    if w.kept:
        status = _("rank {rank} of {count}").format(rank=w.recommendation.rank, count=w.out_of)
    else:
        status = _("not recommended: {reason}").format(reason=translated(w.reason or ""))
    out.print(f"[bold]{escape(shown_title(r.title))}[/] ({escape(r.key)}) — {escape(r.name)}")
    out.print(escape(_("{dates}, {place}; {status}").format(dates=_dates(r), place=_place(r), status=status)))
    out.print(_("Total {total:.3f} = sum of weight x score over the five criteria").format(total=r.total))
    rows = [
        (_(e.criterion), f"{e.score:.3f}", f"{e.weight:.3f}", f"{e.contribution:.3f}", _bar(e.score))
        for e in r.explanation
    ]
    total = sum(e.contribution for e in r.explanation)
    rows.append((_("total"), "", "1.000", f"{total:.3f}", _bar(r.total)))
    headings = [_("Criterion"), _("Score"), _("Weight"), _("Contribution"), _("Score bar")]
    render.print_table(None, headings, rows)
    for e in r.explanation:
        line = _("[bold]{criterion}[/] {score}: {reason}")
        out.print(
            "\n"
            + line.format(
                criterion=escape(_(e.criterion)), score=f"{e.score:.3f}", reason=escape(translated(e.reason))
            )
        )
        out.print(escape(_("  formula: {formula}").format(formula=translated(e.formula))))
        inputs = ", ".join(f"{k}={_input(k, v)}" for k, v in e.inputs.items() if v is not None)
        out.print(escape(_("  inputs: {inputs}").format(inputs=inputs)), soft_wrap=True)
    if r.decide_by:
        days = _("{days:g} days before the start").format(days=r.lead_days)
        decide = _("[bold]decide by[/] {day} ({days})").format(day=localfmt.day(r.decide_by), days=days)
        out.print(f"\n{decide}")
    if r.visa:
        out.print(_("[bold]visa[/]: {text}").format(text=escape(translated(r.visa.text))))
    elif w.passports and r.mode != "virtual":
        unknown = _("not known (the place is not announced, or the data does not cover it)")
        out.print(_("[bold]visa[/]: {text}").format(text=unknown))
    for note in r.fee_notes:
        out.print(escape("\n" + _("Fees: {note}").format(note=translated(note))), soft_wrap=True)


# Inputs whose values are words of the data (a trip, a plan, a mode): shown in the language.
WORDED_INPUTS = frozenset({"trip", "plan", "mode"})


def _input(key: str, value: object) -> object:
    return _(value) if key in WORDED_INPUTS and isinstance(value, str) else value


# The five criteria's names (``e.criterion`` above), for the catalog.
CRITERIA = (N_("topic"), N_("quality"), N_("time"), N_("location"), N_("cost"))


def register(app: typer.Typer) -> None:
    app.command("recommend")(recommend_command)
