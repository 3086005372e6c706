"""``tracker sources``, ``tracker sync`` and ``tracker changes``: staying current."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import N_, _, ngettext, translated

sources_app = typer.Typer(
    help="The sources tracker sync fetches (built-in ones included): add, list, edit, disable, enable, rm.",
    no_args_is_help=True,
)

KIND_HELP = (
    "ccf | hf | pwc (a catalog file or a repository .tar.gz/.zip), wikicfp (calls for papers), "
    "arxiv (papers), ics or virtual (programme), feed"
)


@sources_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="A short name for the source, e.g. arxiv-cl.")],
    url: Annotated[
        str,
        typer.Argument(help="The http(s) URL to fetch; for --kind arxiv also a query such as 'cat:cs.CL'."),
    ],
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)],
    edition: Annotated[
        str | None,
        typer.Option(
            "--edition",
            help="For ics/feed programmes: the conference the talks belong to (e.g. neurips2026).",
        ),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Register a source for tracker sync."""
    from tracker import db
    from tracker.ingest.sources import add_source

    with db.session(write=True) as session:
        added = add_source(session, name, url, kind, edition=edition)
    if json_out:
        render.print_json(added)
        return
    render.info(
        _("Added source {name} ({kind}): {url}").format(name=added.name, kind=added.kind, url=added.url)
    )


@sources_app.command("list")
def list_command(json_out: JsonOut = False) -> None:
    """The sources (built-in ones marked) and how their last sync went."""
    from tracker import db
    from tracker.ingest.sources import list_sources

    with db.session() as session:
        found = list_sources(session)
    if json_out:
        render.print_json(found)
        return
    if not found:
        render.info(_("No sources yet. Add one: tracker sources add --help"))
        return
    rows: list[tuple[str, ...]] = [
        (
            s.name,
            s.kind,
            _origin(s.builtin, s.custom_url),
            _status(s.last_status) if s.enabled else _("disabled"),
            render.fmt_instant(s.last_fetched_at),
            s.edition or "",
            s.url,
        )
        for s in found
    ]
    columns = [_("Name"), _("Kind"), _("Origin"), _("Status"), _("Last sync"), _("Edition"), "URL"]
    if not any(s.edition for s in found):
        columns.pop(5)
        rows = [row[:5] + row[6:] for row in rows]
    # At 80 columns the URLs would squeeze every other column to a few letters: they go first
    # (`--json` and `sources edit` show them).
    keep = render.columns_that_fit(columns, rows, render.console().width, drop_order=[len(columns) - 1])
    render.print_table(_("Sources"), [columns[i] for i in keep], [[row[i] for i in keep] for row in rows])
    if len(keep) < len(columns):
        render.info(_("URLs are not shown at this width: tracker sources list --json shows them."))
    for s in found:
        if s.areas:
            areas = ",".join(s.areas)
            edit = f"tracker sources edit {s.name} --areas {areas}"
            render.info(
                _("{name} reads the ccf areas {areas}: {command}").format(
                    name=s.name, areas=areas, command=edit
                )
            )
    _problems([(s.name, s.last_error) for s in found if s.last_error])


@sources_app.command("edit")
def edit_command(
    name: Annotated[str, typer.Argument(help="The source to change, e.g. hf-ai-deadlines.")],
    url: Annotated[
        str | None, typer.Option("--url", help="Fetch this http(s) URL instead (a mirror, a proxy).")
    ] = None,
    areas: Annotated[
        str | None,
        typer.Option("--areas", help="ccf: the areas that reach the catalog, e.g. AI,DB,CG,HI,MX, or all."),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="A built-in source: back to its shipped URL and areas.")
    ] = False,
    json_out: JsonOut = False,
) -> None:
    """Change a source's URL or ccf areas (your change survives upgrades of tracker)."""
    from tracker import db
    from tracker.ingest.sources import edit_source

    if url is None and areas is None and not reset:
        raise typer.BadParameter(_("give --url URL, --areas LIST or --reset"))
    with db.session(write=True) as session:
        edited = edit_source(session, name, url=url, areas=areas, reset=reset)
    if json_out:
        render.print_json(edited)
        return
    shown = _(" (areas {areas})").format(areas=",".join(edited.areas)) if edited.areas else ""
    render.info(
        _("Source {name} ({kind}): {url}").format(name=edited.name, kind=edited.kind, url=edited.url) + shown
    )


@sources_app.command("disable")
def disable_command(name: Annotated[str, typer.Argument(help="The source to turn off.")]) -> None:
    """Turn a source off: tracker sync skips it (until tracker sources enable NAME)."""
    _set_enabled(name, False)


@sources_app.command("enable")
def enable_command(name: Annotated[str, typer.Argument(help="The source to turn on.")]) -> None:
    """Turn a source back on."""
    _set_enabled(name, True)


def _set_enabled(name: str, enabled: bool) -> None:
    from tracker import db
    from tracker.ingest.sources import set_enabled

    with db.session(write=True) as session:
        changed = set_enabled(session, name, enabled)
    render.info(
        (_("Source {name} is on") if enabled else _("Source {name} is off")).format(name=changed.name)
    )


@sources_app.command("rm")
def rm_command(name: Annotated[str, typer.Argument(help="The source to remove.")]) -> None:
    """Remove a source you added (what it already stored stays); built-in ones are disabled instead."""
    from tracker import db
    from tracker.ingest.sources import remove_source

    with db.session(write=True) as session:
        gone = remove_source(session, name)
    render.info(_("Removed source {name}").format(name=gone.name))


def sync_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="[NAME...]", help="Sources to sync (default: all that are on)."),
    ] = None,
    if_older: Annotated[
        str | None,
        typer.Option(
            "--if-older",
            metavar="AGE",
            help="Only sources whose last successful sync is older than AGE (12h, 1d, 2w): for a cron line.",
        ),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Fetch the sources and store what is new; a summary per source and what changed."""
    from tracker.catalog.filters import parse_within
    from tracker.ingest.sync import Progress, sync

    age = parse_within(if_older, option="--if-older") if if_older else None

    with render.progress() as bar:
        task = bar.add_task(_("Syncing"), total=None, status="")

        def report(event: Progress) -> None:
            status = _("synced {name}") if event.done else _("fetching {name}")
            bar.update(task, total=event.total, completed=event.index, status=status.format(name=event.name))

        summary = sync(names or None, progress=report, if_older=age)
    if json_out:
        render.print_json(summary)
    elif not summary.sources and summary.fresh:
        render.info(
            _("Every source synced successfully less than {age} ago: nothing to do").format(age=if_older)
        )
    elif not summary.sources:
        # Every source is off (or none is left): say how to get one instead of an empty table.
        from tracker import db
        from tracker.ingest.sources import list_sources

        with db.session() as session:
            off = [s.name for s in list_sources(session) if not s.enabled]
        if off:
            hint = _("No sources to sync: every source is off. Turn one on: {command}")
            render.info(hint.format(command=f"tracker sources enable {off[0]}"))
        else:
            render.info(_("No sources yet. Add one: tracker sources add --help"))
    else:
        rows = [
            (o.name, _status(o.status), o.added, o.updated, o.unchanged, o.rejected, o.changes)
            for o in summary.sources
        ]  # each source's kind is in `tracker sources list`; here it would squeeze the counts
        columns = [_("Source"), _("Status"), _("Added"), _("Updated"), _("Same"), _("Rejected"), _("Changes")]
        # A long source name (wikicfp-artificial-intelligence) leaves too little room at 80 columns
        # for every heading, which rich would then cut to "Statu" / "s": the unchanged count goes
        # first, then the changes (their total is said below the table). Cells are measured by
        # their longest word, as the table folds the rest.
        words = [[str(row[0]), *(max(str(c).split() or [""], key=len) for c in row[1:])] for row in rows]
        keep = render.columns_that_fit(columns, words, render.console().width, drop_order=[4, 6])
        render.print_table(_("Sync"), [columns[i] for i in keep], [[row[i] for i in keep] for row in rows])
        notes: list[tuple[str, str | None]] = []
        for o in summary.sources:
            notes.extend((o.name, line) for line in ([o.error] if o.error else o.warnings[:3]))
            if len(o.warnings) > 3:
                more = _("... and {count} more warnings (see --json)").format(count=len(o.warnings) - 3)
                notes.append((o.name, more))
        _problems(notes)
        if summary.changes:
            recorded = ngettext(
                "{count} change recorded: see tracker changes",
                "{count} changes recorded: see tracker changes",
                summary.changes,
            )
            render.info(recorded.format(count=summary.changes))
    if summary.failed:
        raise typer.Exit(code=1)


def changes_command(
    since: Annotated[
        str | None, typer.Option("--since", help="Only changes on or after this date (YYYY-MM-DD).")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """What syncs changed: new editions, moved deadlines, postponements, venues, new calls."""
    from tracker import clock, db
    from tracker.errors import Invalid
    from tracker.ingest.changes import recent_changes

    when = None
    if since:
        try:
            when = clock.parse_instant(since)
        except Invalid as exc:
            raise typer.BadParameter(
                _("--since: {value} is not a date (YYYY-MM-DD)").format(value=repr(since))
            ) from exc
    with db.session() as session:
        found = recent_changes(session, when)
    if json_out:
        render.print_json(found)
        return
    if not found:
        render.info(
            _("No changes recorded since {day}").format(day=since) if since else _("No changes recorded")
        )
        return
    rows = [
        (render.fmt_instant(c.at), c.kind.replace("_", " "), c.subject, c.from_value or "", c.to_value or "",
         c.detail, c.source)
        for c in found
    ]  # fmt: skip
    columns = [_("When"), _("What"), _("Subject"), _("From"), _("To"), _("Detail"), _("Source")]
    render.print_table(_("Changes"), columns, rows)


def _problems(lines: list[tuple[str, str | None]]) -> None:
    """Problems under a table, one per line: long messages read badly in a narrow column."""
    from rich.markup import escape

    from tracker.readback import read_back

    out = render.console()
    for name, message in lines:
        # A stored last error is English (what data keeps): read back into the interface's language.
        out.print(f"[bold]{escape(name)}[/]: {escape(translated(read_back(message or '')))}", highlight=False)


def _origin(builtin: bool, custom_url: bool) -> str:
    if not builtin:
        return _("added")
    return _("built-in, your URL") if custom_url else _("built-in")


STATUS_WORDS = {
    "ok": N_("ok"),
    "warning": N_("ok, with warnings"),
    "not-modified": N_("not modified"),
    "error": N_("FAILED"),
}


def _status(status: str | None) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else (status or _("never synced"))


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("sync")(sync_command)
    app.command("changes")(changes_command)
