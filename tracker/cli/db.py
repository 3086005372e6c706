"""``tracker db``: where the database is, its schema and counts; backups; repairing the search index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker import localfmt
from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _

db_app = typer.Typer(help="The database: info, backup, repair.", no_args_is_help=True)


@db_app.command("info")
def info_command(json_out: JsonOut = False) -> None:
    """Where the database is, its schema revision and how many rows each table holds."""
    from dataclasses import asdict

    from tracker import clock, db
    from tracker.cli.freshness import catalog_line
    from tracker.db import maintenance
    from tracker.ingest.freshness import catalog_freshness, paper_deadlines_ahead

    result = maintenance.info()
    now = clock.now()
    with db.read_connection() as conn:
        fresh = catalog_freshness(conn, now)
        real, estimated = paper_deadlines_ahead(conn, now)
    if json_out:
        render.print_json(
            {
                **asdict(result),
                "catalog": {
                    **asdict(fresh),
                    "paper_deadlines_next_6_months": {"announced": real, "estimated": estimated},
                },
            }
        )
        return
    out = render.console()
    out.print(_label(_("Database")) + render.escape(result.location))
    schema = _("{revision} (head {head})").format(revision=result.revision, head=result.head)
    out.print(_label(_("Schema")) + schema)
    if result.size_bytes is not None:
        size = _("{size} KiB, journal {mode}").format(
            size=localfmt.number(result.size_bytes / 1024), mode=result.journal_mode
        )
        out.print(_label(_("Size")) + size)
    out.print(_label(_("Freshness")) + render.escape(catalog_line(fresh)), highlight=False)
    ahead = _("paper deadlines in the next 6 months: {real} announced, {estimated} estimated")
    out.print(_label(_("Ahead")) + ahead.format(real=real, estimated=estimated), highlight=False)
    rows = [(name, count) for name, count in sorted(result.counts.items())]
    render.print_table(None, [_("Table"), _("Count")], rows)


def _label(name: str) -> str:
    """A bold label padded to ten columns, so that the values line up (CJK is double width)."""
    from rich.cells import cell_len

    return f"[bold]{name}[/]" + " " * max(10 - cell_len(name), 1)


@db_app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="New file to write the copy to (created 0600).")],
) -> None:
    """Write a consistent copy of the database to FILE (private to you)."""
    from tracker.db import maintenance

    written = maintenance.backup(file)
    render.info(_("Backed up to {path}").format(path=written))


@db_app.command("repair")
def repair_command(json_out: JsonOut = False) -> None:
    """Rebuild the full-text index of notes (and check it)."""
    from tracker import db
    from tracker.personal.search import rebuild_index

    with db.session(write=True) as s:
        report = rebuild_index(s)
    if json_out:
        render.print_json(report)
        return
    if report.index_recreated:
        done = _("Search index rebuilt over {count} notes (index and triggers were missing: recreated)")
    else:
        done = _("Search index rebuilt over {count} notes")
    render.info(done.format(count=report.notes))


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
