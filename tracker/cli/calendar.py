"""``tracker calendar export``: deadlines, conference days and follow-ups as iCalendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.options import Force, JsonOut
from tracker.i18n import _, ngettext, prose_list

calendar_app = typer.Typer(
    help="Calendars: export to iCalendar (.ics), or one feed of your things to subscribe to.",
    no_args_is_help=True,
)


@calendar_app.command("export")
def export_command(
    deadlines: Annotated[
        bool, typer.Option("--deadlines", help="Typed deadlines at their exact instants.")
    ] = False,
    conferences: Annotated[
        bool, typer.Option("--conferences", help="Conference days as all-day events.")
    ] = False,
    followups: Annotated[
        bool, typer.Option("--followups", help="Your open follow-ups with contacts.")
    ] = False,
    topic: Annotated[str | None, typer.Option("--topic", help="Only conferences on this topic.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only conferences you have a status for.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write; default stdout.")] = None,
    force: Force = False,
) -> None:
    """Write an .ics file (deadlines and conferences unless you choose); importing it again updates events."""
    from tracker import clock, db
    from tracker.cli import render
    from tracker.export import calendar, ics
    from tracker.files import write_file

    chosen = deadlines or conferences or followups
    request = calendar.CalendarRequest(
        deadlines=deadlines or not chosen,
        conferences=conferences or not chosen,
        followups=followups,
        mine=mine,
        topic=topic,
    )
    now = clock.now()
    with db.session() as session:
        export = calendar.build(session, request, now=now)
    data = ics.render(export.events, name="tracker", stamp=now)
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    written = write_file(out, data, private=export.personal, overwrite=force)
    render.info(_("Wrote {events} to {path}").format(events=_events(len(export.events)), path=written))


@calendar_app.command("feed")
def feed_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .ics file to (re)write for your calendar.")],
    no_estimates: Annotated[
        bool, typer.Option("--no-estimates", help="Leave out estimated dates and deadlines.")
    ] = False,
    json_out: JsonOut = False,
) -> None:
    """Rewrite one .ics of your things (planned editions, their deadlines, agenda, plan, follow-ups)."""
    from tracker import clock, db
    from tracker.cli import render
    from tracker.export import feed, ics
    from tracker.files import write_file

    now = clock.now()
    # A write session: the feed remembers each event's dates to bump SEQUENCE when one moves.
    with db.session(write=True) as session:
        built = feed.build(session, now=now, estimates=not no_estimates)
        data = ics.render(built.events, name="tracker: mine", stamp=now, refresh=feed.REFRESH)
        written = write_file(out, data, private=True, overwrite=True)
    if json_out:
        render.print_json({"path": str(written), "events": len(built.events), "counts": built.counts})
        return
    wrote = _("Wrote {events} to {path}").format(events=_events(len(built.events)), path=written)
    parts = prose_list(_count(n, kind) for kind, n in built.counts.items() if n)
    render.info(_("{sentence} ({parts})").format(sentence=wrote, parts=parts) if parts else wrote)


def _events(count: int) -> str:
    return ngettext("{count} event", "{count} events", count).format(count=count)


# The feed's kinds of event (feed.build's counts), each counted in the interface's language.
KIND_COUNTS: dict[str, Callable[[int], str]] = {
    "edition": lambda n: ngettext("{count} edition", "{count} editions", n),
    "deadline": lambda n: ngettext("{count} deadline", "{count} deadlines", n),
    "talk": lambda n: ngettext("{count} talk", "{count} talks", n),
    "plan": lambda n: ngettext("{count} plan", "{count} plans", n),
    "follow-up": lambda n: ngettext("{count} follow-up", "{count} follow-ups", n),
}


def _count(count: int, kind: str) -> str:
    """A count of one kind of event: "1 edition", "13 deadlines", "2 follow-ups"."""
    if kind not in KIND_COUNTS:
        return f"{count} {kind}"
    return KIND_COUNTS[kind](count).format(count=count)


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
