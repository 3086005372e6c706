"""``tracker conf list``: the catalog with filters, soonest first.

Thin on purpose: parse the options (with the domain's ``parse_*`` helpers), call one
query in :mod:`tracker.catalog.queries`, render. SQLAlchemy is imported inside the
command so that ``tracker --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _, ngettext

if TYPE_CHECKING:
    from tracker.catalog.queries import EditionRow

ESTIMATED_MARK = "≈"  # prefixed to estimated editions and deadlines
SOON_DAYS = 7


def list_command(
    topic: Annotated[str | None, typer.Option("--topic", help="Topic (and its subtopics), e.g. nlp.")] = None,
    min_quality: Annotated[
        float | None, typer.Option("--min-quality", help="Quality score at least (0–1).")
    ] = None,
    rank: Annotated[
        str | None,
        typer.Option(
            "--rank", metavar="LIST:RANK", help="That rank or better: core:A*, ccf:A, thcpl:A, era:a."
        ),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Editions of this year.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="conference or workshop.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country name or ISO code.")] = None,
    upcoming: Annotated[bool, typer.Option("--upcoming", help="Only editions that have not ended.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
    json_out: JsonOut = False,
) -> None:
    """List conference editions (estimated ones marked ≈), soonest first."""
    from tracker import clock, db
    from tracker.catalog import filters as parse
    from tracker.catalog import queries

    filters = queries.ListFilters(
        topics=tuple(parse.topic_keys(topic)) if topic else (),
        min_quality=parse.parse_quality(min_quality) if min_quality is not None else None,
        rank=_rank(rank),
        year=year,
        kind=parse.parse_kind(kind) if kind else None,
        country=parse.parse_country(country) if country else None,
        upcoming=upcoming,
        limit=limit,
    )

    now = clock.now()
    with db.read_connection() as conn:
        rows = queries.list_editions(conn, filters, now=now)
    if json_out:
        render.print_json([vars(row) for row in rows])  # flat rows: skip asdict's deep copy
        return
    _print_list(rows, now)


def _rank(text: str | None) -> tuple[str, tuple[str, ...]] | None:
    if not text:
        return None
    from tracker.catalog.filters import parse_rank

    source, values = parse_rank(text)
    return source, tuple(values)


def edition_dates(start: Any, end: Any, spread: int | None, estimated: bool) -> str:
    if start is None:
        return "—"
    text = start.isoformat() if end in (None, start) else f"{start.isoformat()} → {end.strftime('%m-%d')}"
    if estimated:
        text = f"{ESTIMATED_MARK} {text}" + (f" ±{spread}d" if spread else "")
    return text


def _quality(score: float | None, confidence: float, inherited: bool, overridden: bool) -> str:
    if score is None:
        return "—"
    flag = " (ws)" if inherited else " (man)" if overridden else ""
    return f"{score:.2f}{flag} ({confidence:.0%})"


def _print_list(rows: list[EditionRow], now: Any) -> None:
    from datetime import timedelta

    if not rows:
        render.info(_("No editions match."))
        return
    cells: list[tuple[str, ...]] = []
    styles: list[str] = []
    for row in rows:
        deadline = "—"
        style = ""
        if row.next_deadline is not None:
            mark = f"{ESTIMATED_MARK} " if row.next_deadline_estimated else ""
            deadline = f"{mark}{row.next_deadline_type} {render.fmt_instant(row.next_deadline)}"
            if row.next_deadline - now <= timedelta(days=SOON_DAYS):
                style = "bold red"
        place = ", ".join(p for p in (row.city, row.country) if p) or (_("unknown") if row.estimated else "—")
        cells.append(
            (
                f"{ESTIMATED_MARK} {row.key}" if row.estimated else row.key,
                row.acronym
                if row.kind == "conference"
                else _("{acronym} (workshop)").format(acronym=row.acronym),
                edition_dates(row.start_date, row.end_date, row.estimate_spread_days, row.estimated),
                place,
                deadline,
                _quality(row.quality, row.quality_confidence, row.quality_inherited, row.quality_overridden),
                " ".join(f"{k}:{v}" for k, v in sorted(row.ranks.items())),
                ", ".join(row.topics[:3]),
            )
        )
        styles.append(style)
    columns = [
        _("Key"),
        _("Conference"),
        _("Dates"),
        _("Place"),
        _("Next deadline"),
        _("Quality (conf.)"),
        _("Ranks"),
        _("Topics"),
    ]
    out = render.console()
    keep = render.columns_that_fit(columns, cells, out.width, _DROP_ORDER)
    cells = [tuple(row[i] for i in keep) for row in cells]
    title = ngettext("{count} edition", "{count} editions", len(rows)).format(count=len(rows))
    table = render.column_table(title, [columns[i] for i in keep], cells, styles)
    out.print(table)
    if len(keep) < len(columns):
        hidden = ", ".join(c for i, c in enumerate(columns) if i not in keep)
        line = _("Not shown at this width: {columns} (widen the terminal or use --json).").format(
            columns=hidden
        )
        out.print(f"[dim]{line}[/]")
    if any(r.estimated for r in rows):
        out.print(
            _("{mark} estimated from past editions (± spread in days); not announced yet.").format(
                mark=ESTIMATED_MARK
            )
        )


# Which columns of ``conf list`` go first when the terminal is too narrow for all.
_DROP_ORDER = (7, 6, 3, 1, 5)
