"""``tracker trends``: topics over the years, and a series' deadline drift and acceptance rate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.catalog.trends import SeriesTrend, TopicTrend

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 30


def sparkline(values: list[int]) -> str:
    """One character per value, scaled to the largest ('' for no values)."""
    if not values:
        return ""
    top = max(values) or 1
    return "".join(
        " " if v == 0 else SPARKS[min(len(SPARKS) - 1, round((len(SPARKS) - 1) * v / top))] for v in values
    )


def trends_command(
    topics: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TOPIC...]",
            help="Topics (nlp, cv...) or learning concepts (transformers, rnn...); default: all with data.",
        ),
    ] = None,
    series: Annotated[
        str | None, typer.Option("--series", help="A conference series: deadline drift, acceptance.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Counts by year of editions, talks and readings per topic; or one series over the years."""
    from tracker import db
    from tracker.catalog import trends

    with db.session() as session:
        if series:
            result = trends.series_trend(session, series)
            if json_out:
                render.print_json(result)
                return
            _print_series(result)
            return
        rows = trends.topic_trends(session, topics or [])
    if json_out:
        render.print_json(rows)
        return
    _print_topics(rows)


def _print_topics(rows: list[TopicTrend]) -> None:
    years = sorted({y for r in rows for y in r.years})
    if not rows or not years:
        render.info(_("Nothing to count yet on these topics: no dated editions, talks or readings"))
        return
    span = f"{years[0]}–{years[-1]}"

    def cell(row: TopicTrend, values: list[int] | None) -> str:
        if values is None:
            return "—"  # a concept: no series is tagged with it
        lookup = dict(zip(row.years, values, strict=True))
        return f"{sum(values)} {sparkline([lookup.get(y, 0) for y in years])}"

    from tracker.catalog.topics import shown_name
    from tracker.i18n import language

    def named(row: TopicTrend) -> str:  # a topic by its Chinese name in zh
        return shown_name(row.topic, "zh") if language() == "zh" else row.name

    table_rows = [
        (named(row), cell(row, row.editions), cell(row, row.talks), cell(row, row.readings)) for row in rows
    ]
    render.print_table(
        _("Topics by year ({span}, one mark per year)").format(span=span),
        [_("Topic"), _("Editions"), _("Talks"), _("Readings")],
        table_rows,
    )
    if any(row.editions is None for row in rows):
        line = _("—: a learning concept; venues are tagged with broader topics ({command})")
        render.info(line.format(command="tracker trends nlp"))


def _print_series(result: SeriesTrend) -> None:
    from rich.markup import escape

    out = render.console()
    out.print(_("{name} over the years").format(name=f"[bold]{escape(result.name)}[/]"))
    rows = []
    for year in result.years:
        rate = year.acceptance_rate
        bar = "█" * round(BAR_WIDTH * rate) if rate is not None else ""
        drift = f"{year.drift_days:+d} d" if year.drift_days is not None else ""
        deadline = render.fmt_instant(year.paper_deadline) if year.paper_deadline else "—"
        if year.estimated:
            deadline = "≈ " + deadline
        rate_text = f"{rate:.1%} {bar}" if rate is not None else "—"
        rows.append((year.year, deadline, drift, rate_text))
    render.print_table(None, [_("Year"), _("Paper deadline"), _("Drift"), _("Acceptance rate")], rows)
    if result.mean_drift_days is not None:
        days = f"{abs(result.mean_drift_days):.1f}"
        if result.mean_drift_days > 0:
            line = _("The paper deadline moves {days} days later a year on average.")
        else:
            line = _("The paper deadline moves {days} days earlier a year on average.")
        out.print(line.format(days=days))


def register(app: typer.Typer) -> None:
    app.command("trends")(trends_command)
