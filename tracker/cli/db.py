"""``tracker db``: where the database is, its schema and counts; backups."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.cli import render

db_app = typer.Typer(help="The database: info, backup.", no_args_is_help=True)


@db_app.command("info")
def info_command(json_out: bool = render.json_option()) -> None:
    """Where the database is, its schema revision and how many rows each table holds."""
    from tracker import db

    result = db.info()
    if json_out:
        render.print_json(result)
        return
    out = render.console()
    out.print(f"[bold]Database[/]  {result.location}")
    out.print(f"[bold]Schema[/]    {result.revision} (head {result.head})")
    if result.size_bytes is not None:
        out.print(f"[bold]Size[/]      {result.size_bytes / 1024:.0f} KiB, journal {result.journal_mode}")
    rows = [(name, count) for name, count in sorted(result.counts.items())]
    render.print_table(None, ["Table", "Count"], rows)


@db_app.command("backup")
def backup_command(
    file: Path = typer.Argument(..., help="New file to write the copy to (created 0600)."),
) -> None:
    """Write a consistent copy of the database to FILE (private to you)."""
    from tracker import db

    written = db.backup(file)
    render.info(f"Backed up to {written}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
