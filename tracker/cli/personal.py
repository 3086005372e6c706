"""``tracker status``, ``tracker mine``, ``tracker summary`` and ``tracker followups``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import EditionKey, Force, JsonOut
from tracker.i18n import _, translated


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
    from tracker.personal.status import set_status, status_word

    with db.session(write=True) as s:
        result = set_status(s, key, status, on=on, note=note)
    if json_out:
        render.print_json(result)
        return
    message = _("{name} ({key}): {status} since {day}").format(
        name=result.name, key=result.key, status=status_word(result.status), day=render.fmt_date(result.since)
    )
    if result.status != status.strip().lower():
        # A back-dated step goes into the history; a later step stays current.
        message = _("Recorded {status} in the history; now {current}").format(
            status=status_word(status.strip().lower()), current=message
        )
    render.info(message)


def mine_command(
    status: Annotated[str | None, typer.Option("--status", help="Only editions with this status.")] = None,
    json_out: JsonOut = False,
) -> None:
    """Your editions by status, with the next date that matters for each."""
    from tracker import db
    from tracker.personal.status import example_edition, my_editions, status_word

    with db.session() as s:
        rows = my_editions(s, status=status)
        example = None if rows else example_edition(s)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        command = f"tracker status {example or 'KEY'} interested"
        render.info(_("No editions yet; start the list with: {command}").format(command=command))
        return
    render.print_table(
        _("My conferences"),
        [_("Status"), _("Edition"), _("Key"), _("Since"), _("Next"), _("What")],
        [
            (
                status_word(r.status),
                r.name,
                r.key,
                r.since.isoformat(),
                render.fmt_date(r.next_date),
                translated(r.next_what or ""),
            )
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
            _("Wrote {path} ({notes} notes, {contacts} contacts, {followups} follow-ups)").format(
                path=written, notes=result.notes, contacts=result.contacts, followups=result.followups
            )
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
        render.info(
            _("Done: follow-up {id} with {contact} ({what})").format(
                id=item.id, contact=item.contact, what=item.what
            )
        )
        return
    with db.session() as s:
        rows = due_followups(s, due)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info(_("Nothing due."))
        return
    render.print_table(
        _("Follow-ups"),
        ["#", _("Due"), _("Contact"), _("What"), _("Late")],
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
