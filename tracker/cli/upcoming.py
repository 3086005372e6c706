"""``tracker upcoming``: a countdown to the next deadlines, estimated ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker import localfmt
from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _

if TYPE_CHECKING:
    from datetime import datetime

    from tracker.catalog.queries import DeadlineRow

ESTIMATED_MARK = "≈"
CHANGED_MARK = "⚠"
SOON_DAYS = 7
LABEL_WIDTH = 24


def upcoming_command(
    within: Annotated[str, typer.Option("--within", help="How far ahead: 30d, 12h, 2w, 3m.")] = "30d",
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", metavar="TYPE", help="Deadline type (repeatable): paper, abstract, camera_ready, ..."
        ),
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Topic (and its subtopics), e.g. nlp.")] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Show times in this zone (default: yours, from TZ or the system)."),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Deadlines coming up, soonest first, with the time left; estimated ones marked.

    With passports in your profile, an edition you plan to attend (tracker status KEY planning)
    that needs a visa shows "apply for a visa by" its typical last day.
    """
    from tracker import clock, db
    from tracker.catalog import filters, queries
    from tracker.catalog.timezones import parse_zone, zone_name
    from tracker.cli.freshness import shown_line
    from tracker.ingest.freshness import catalog_freshness
    from tracker.personal.visa_dates import visa_rows

    span = filters.parse_within(within)
    wanted_types = filters.parse_types(types or [])
    topic_keys = filters.topic_keys(topic) if topic else []
    zone = parse_zone(tz) if tz else None

    now = clock.now()
    with db.read_connection() as conn:
        rows = queries.upcoming_deadlines(conn, now, span, wanted_types, topic_keys, tz=zone)
        if not wanted_types:  # a visa's apply-by day is the person's, not a deadline type
            rows = sorted(rows + visa_rows(conn, now, span, topic_keys, tz=zone), key=lambda r: r.at_utc)
        fresh = catalog_freshness(conn, now)
    if json_out:
        render.print_json(rows)
        return
    _print(rows, within, zone_name(zone, now))
    estimated = sum(1 for r in rows if r.estimated)
    render.info(shown_line(fresh, len(rows) - estimated, estimated))


def _left(r: DeadlineRow) -> str:
    """Time left, as precise as the deadline: an estimate is known to the day at best."""
    if r.seconds_left < 0:  # only a visa's apply-by day can be past and still shown
        return _("late")
    if r.estimated:
        return _("{mark}{days}d").format(mark=ESTIMATED_MARK, days=max(r.days_left, 0))
    if r.days_left == 0:
        return _("{hours}h").format(hours=r.hours_left) if r.hours_left else _("<1h")
    return _("{days}d {hours:02d}h").format(days=r.days_left, hours=r.hours_left)


def _when(r: DeadlineRow, moment: datetime) -> str:
    """An instant to the minute, or an estimate's day with its spread (no made-up hour)."""
    if r.estimated:
        day = localfmt.short_day(moment.date())
        return _("{day} ±{days}d").format(day=day, days=r.spread_days) if r.spread_days else day
    return localfmt.minute(moment)


def _print(rows: list[DeadlineRow], within: str, reader_zone: str) -> None:
    from tracker.catalog.filters import within_words
    from tracker.personal.visa_dates import VISA_TYPE

    if not rows:
        render.info(_("No deadlines in the next {within}.").format(within=within_words(within)))
        return
    columns = [
        _("Left"),
        _("Conference"),
        _("Deadline"),
        _("Your time ({zone})").format(zone=reader_zone),
        "UTC",
        _("As published"),
        _("Place"),
    ]
    cells: list[tuple[str, ...]] = []
    styles: list[str] = []
    for r in rows:
        conference = f"{CHANGED_MARK} {r.edition_key}" if r.changes else r.edition_key
        published = _("estimated") if r.estimated else f"{r.local_text[:16]} {r.timezone}"
        if r.type == VISA_TYPE:
            published = _("typical lead time")
        cells.append(
            (
                _left(r),
                conference,
                _what(r),
                _when(r, r.at_reader),
                _when(r, r.at_utc),
                published,
                ", ".join(p for p in (r.city, r.country) if p),
            )
        )
        soon = r.days_left < SOON_DAYS and (not r.estimated or r.type == VISA_TYPE)
        styles.append("bold red" if soon else "")
    out = render.console()
    keep = render.columns_that_fit(columns, cells, out.width, (6, 5, 4))
    table = render.column_table(
        _("Deadlines in the next {within}").format(within=within_words(within)),
        [columns[i] for i in keep],
        [tuple(row[i] for i in keep) for row in cells],
        styles,
    )
    out.print(table)
    notes = [_("red: less than {days} days left").format(days=SOON_DAYS)]
    estimated = next((r for r in rows if r.estimated and r.type != VISA_TYPE), None)
    if estimated is not None:
        notes.append(
            _(
                "{mark} estimated from past editions, to the day (± spread in days;"
                " which editions and how: {command})"
            ).format(mark=ESTIMATED_MARK, command=f"tracker conf show {estimated.edition_key}")
        )
    if any(r.type == VISA_TYPE for r in rows):
        notes.append(
            _("apply for a visa by: the start minus the typical lead time (data/visa/lead_times.yml)")
        )
    out.print(_("; ").join(notes) + _("."))
    for r in rows:
        if r.note:
            out.print(render.escape(f"{r.edition_key}: {r.note}"))
    changed = {r.edition_key: r.changes for r in rows if r.changes}
    for key, changes in changed.items():
        for change in changes:
            out.print(f"[yellow]{CHANGED_MARK} {render.escape(key)}[/]: {render.escape(change)}")
    if changed:
        out.print(_("Changed by a recent sync (tracker changes shows them all)."))


def _what(r: DeadlineRow) -> str:
    """The organisers' label when there is one ("Posters deadline"), else the type."""
    from rich.cells import cell_len

    from tracker.catalog.deadline_labels import shown_label

    # The Left column marks estimates; a common label is shown in the interface's language.
    what = shown_label((r.label or "").removesuffix(" (estimated)"), r.type)
    suffix = _(" (round {round})").format(round=r.round) if r.round else ""
    room = LABEL_WIDTH - cell_len(suffix)  # cut the label, never the round (in cells: CJK is two)
    if cell_len(what) > room:
        while cell_len(what) > room - 1:
            what = what[:-1]
        what += "…"
    return what + suffix


def register(app: typer.Typer) -> None:
    app.command("upcoming")(upcoming_command)
