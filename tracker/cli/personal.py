"""``tracker status``, ``tracker mine``, ``tracker summary`` and ``tracker followups``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import EditionKey, Force, JsonOut


def status_command(
    key: EditionKey,
    status: Annotated[
        str,
        typer.Argument(
            help="interested, planning, submitted, accepted, registered, attending, attended or skipped."
        ),
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="Day it applies from (YYYY-MM-DD, 3d; default today).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A word on why.")] = None,
    json_out: JsonOut = False,
) -> None:
    """Record where you stand with an edition (the history is kept)."""
    from tracker import db
    from tracker.personal.status import set_status

    with db.session(write=True) as s:
        result = set_status(s, key, status, on=on, note=note)
    if json_out:
        render.print_json(result)
        return
    message = f"{result.name} ({result.key}): {result.status} since {result.since.isoformat()}"
    if result.status != status.strip().lower():
        # A back-dated step goes into the history; a later step stays current.
        message = f"Recorded {status.strip().lower()} in the history; now {message}"
    render.info(message)


def mine_command(
    status: Annotated[str | None, typer.Option("--status", help="Only editions with this status.")] = None,
    json_out: JsonOut = False,
) -> None:
    """Your editions by status, with the next date that matters for each."""
    from tracker import db
    from tracker.personal.status import my_editions

    with db.session() as s:
        rows = my_editions(s, status=status)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info("No editions yet: `tracker status KEY interested` starts the list.")
        return
    render.print_table(
        "My conferences",
        ["Status", "Edition", "Key", "Since", "Next", "What"],
        [
            (r.status, r.name, r.key, r.since.isoformat(), render.fmt_date(r.next_date), r.next_what or "")
            for r in rows
        ],
    )


def summary_command(
    key: EditionKey,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the Markdown to this file (created 0600).")
    ] = None,
    force: Force = False,
    json_out: JsonOut = False,
) -> None:
    """The after-conference report in Markdown: attended, notes, people, follow-ups, to-dos."""
    from tracker import db
    from tracker.files import write_file
    from tracker.personal.summary import build_summary

    with db.session() as s:
        result = build_summary(s, key)
    if out is not None:
        written = write_file(out, result.markdown, overwrite=force)
        render.info(
            f"Wrote {written} ({result.notes} notes, {result.contacts} contacts, "
            f"{result.followups} follow-ups)"
        )
        return
    if json_out:
        render.print_json(result)
        return
    typer.echo(result.markdown, nl=False)


def followups_command(
    due: Annotated[
        str | None,
        typer.Option(
            "--due", help="Show what is due by this day (7d, 2026-04-01); default: due today or overdue."
        ),
    ] = None,
    done: Annotated[
        int | None, typer.Option("--done", metavar="ID", help="Mark follow-up ID as done.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Follow-ups that are due or overdue."""
    from tracker import db
    from tracker.personal.followups import complete_followup, due_followups

    if done is not None:
        with db.session(write=True) as s:
            item = complete_followup(s, done)
        render.info(f"Done: follow-up {item.id} with {item.contact} ({item.what})")
        return
    with db.session() as s:
        rows = due_followups(s, due)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info("Nothing due.")
        return
    render.print_table(
        "Follow-ups",
        ["#", "Due", "Contact", "What", "Late"],
        [
            (f.id, f.due.isoformat(), f.contact, f.what, f"{f.overdue_days}d" if f.overdue_days else "")
            for f in rows
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
    app.command("mine")(mine_command)
    app.command("summary")(summary_command)
    app.command("followups")(followups_command)
