"""``tracker reading-list``: papers to read, with status and priority; exports to every format.

Papers an arXiv source finds wait apart as suggestions (``reading-list suggestions``) until
they are accepted onto the list or dismissed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import Force, JsonOut
from tracker.i18n import N_, Message, _, ngettext

if TYPE_CHECKING:
    from tracker.learning.reading_list import ReadingView

reading_app = typer.Typer(
    help="Your reading list: add, import, list, edit, done, rm, export; accept or dismiss suggestions.",
    no_args_is_help=True,
)

EXPORT_FORMATS = ("md", "bibtex", "csl-json", "csv", "json")
# What the table shows for each status and priority: the words typed (--status to-read,
# --priority high) stay as they are; a person reads them in the interface's language.
SHOWN_STATUS = {
    "to-read": N_("to-read"),
    "reading": N_("reading"),
    "done": N_("done"),
    "suggested": N_("suggested"),
    "dismissed": N_("dismissed"),
}
SHOWN_PRIORITY = {1: N_("high"), 2: N_("normal"), 3: N_("low")}
ReadingIds = Annotated[
    list[int], typer.Argument(metavar="ID...", help="Reading ids (see reading-list list).")
]


def _priority(text: str) -> int:
    from tracker.errors import Invalid
    from tracker.learning.reading_list import PRIORITIES

    if text.isdigit() and int(text) in (1, 2, 3):
        return int(text)
    if text.lower() not in PRIORITIES:
        raise Invalid(
            Message(N_("--priority: expected high, normal or low (or 1-3), got {text}"), text=repr(text))
        )
    return PRIORITIES[text.lower()]


@reading_app.command("add")
def add_command(
    title: Annotated[
        str | None, typer.Argument(help="The paper's title (or use --topic to add a topic's readings).")
    ] = None,
    authors: Annotated[
        list[str] | None, typer.Option("--author", metavar="NAME", help="An author (repeatable, in order).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year of publication.")] = None,
    venue: Annotated[
        str | None, typer.Option("--venue", help="Where it was published, e.g. NeurIPS.")
    ] = None,
    arxiv: Annotated[str | None, typer.Option("--arxiv", help="arXiv id, e.g. 1706.03762.")] = None,
    doi: Annotated[str | None, typer.Option("--doi", help="DOI, e.g. 10.1038/nature14539.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Link to the paper.")] = None,
    topics: Annotated[
        list[str] | None,
        typer.Option(
            "--topic", metavar="TOPIC", help="Topic-map concept (repeatable); alone: add its readings."
        ),
    ] = None,
    priority: Annotated[str, typer.Option("--priority", help="high, normal or low.")] = "normal",
    from_talk: Annotated[
        int | None, typer.Option("--from-talk", metavar="ID", help="Found in this talk.")
    ] = None,
    from_note: Annotated[
        int | None, typer.Option("--from-note", metavar="ID", help="Found in this note.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Add a paper, or with only --topic T the topic map's seminal readings of T."""
    from tracker import db
    from tracker.errors import Invalid
    from tracker.learning import reading_list as rl
    from tracker.learning.topic_map import load

    level = _priority(priority)
    topic_map = load()
    keys = [topic_map.concept(t).key for t in topics or []]
    with db.session(write=True) as session:
        if title is None:
            if not keys:
                raise Invalid(Message(N_("give a TITLE, or --topic T to add that topic's readings")))
            results = [pair for key in keys for pair in rl.add_from_topic_map(session, key)]
        else:
            added_from = rl.origin(session, talk_id=from_talk, note_id=from_note)
            record = rl.ReadingRecord(
                title=title,
                authors=authors or [],
                year=year,
                venue=venue,
                arxiv_id=arxiv,
                doi=doi,
                url=url,
                topics=keys,
                added_from=added_from,
                priority=level,
            )
            results = [rl.upsert_reading(session, record)]
        views = [(rl.view(r), created) for r, created in results]
    if json_out:
        render.print_json([{"reading": v, "created": c} for v, c in views])
        return
    for item, created in views:
        line = (
            _("Added #{id}: {title} (topics: {topics})")
            if created
            else _("Already listed #{id}: {title} (topics: {topics})")
        )
        render.info(line.format(id=item.id, title=item.title, topics=", ".join(item.topics) or _("none")))


@reading_app.command("list")
def list_command(
    topic: Annotated[str | None, typer.Option("--topic", help="Only this topic-map concept.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="to-read, reading, done, suggested or dismissed.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """The reading list, highest priority first (suggestions from sync are listed apart)."""
    from tracker import db
    from tracker.learning import reading_list as rl

    with db.session() as session:
        rows = rl.list_readings(session, topic=topic, status=status)
        waiting = rl.count_suggestions(session)
    if json_out:
        render.print_json(rows)
        return
    if rows:
        render.print_table(
            _("Reading list ({done}/{count} read)").format(
                done=sum(r.status == "done" for r in rows), count=len(rows)
            ),
            ["#", _("Status"), _("Priority"), _("Title"), _("Year"), _("Topics"), _("Link")],
            [
                (
                    r.id,
                    _(SHOWN_STATUS.get(r.status, r.status)),
                    _(SHOWN_PRIORITY[r.priority]),
                    r.title,
                    r.year,
                    ", ".join(r.topics),
                    r.link or "",
                )
                for r in rows
            ],
        )
    elif status is None:
        render.info(
            _("The reading list is empty: {command}").format(
                command="tracker reading-list add --topic transformers"
            )
        )
    else:
        render.info(_("No readings are {status}.").format(status=status))
    if waiting and status is None:
        line = _("{count} suggested by sync, not on the list yet: {command}")
        render.info(line.format(count=waiting, command="tracker reading-list suggestions"))


@reading_app.command("suggestions")
def suggestions_command(json_out: JsonOut = False) -> None:
    """Papers a sync suggested (from arXiv sources), waiting to be accepted or dismissed."""
    from tracker import db
    from tracker.learning import reading_list as rl

    with db.session() as session:
        rows = rl.list_readings(session, status="suggested")
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        line = _("No suggestions: an arXiv source adds some at each {command}")
        render.info(line.format(command="tracker sync"))
        return
    render.print_table(
        _("Suggested by sync ({count})").format(count=len(rows)),
        ["#", _("Title"), _("Year"), _("Topics"), _("From"), _("Link")],
        [
            (r.id, r.title, r.year, ", ".join(r.topics), r.added_from.removeprefix("sync:"), r.link or "")
            for r in rows
        ],
    )
    render.info(
        _("Keep one: {accept}; decline: {dismiss}").format(
            accept=f"tracker reading-list accept {rows[0].id}",
            dismiss=f"tracker reading-list dismiss {rows[0].id}",
        )
    )


@reading_app.command("accept")
def accept_command(
    ids: Annotated[
        list[int], typer.Argument(metavar="ID...", help="Suggestion ids (see reading-list suggestions).")
    ],
    json_out: JsonOut = False,
) -> None:
    """Put suggested papers on the reading list, to read."""
    from tracker import db
    from tracker.learning import reading_list as rl

    with db.session(write=True) as session:
        views = [rl.accept(session, i) for i in ids]
    _report(views, json_out, _("#{id} {title}: on the reading list"))


@reading_app.command("dismiss")
def dismiss_command(
    ids: Annotated[
        list[int], typer.Argument(metavar="ID...", help="Suggestion ids (see reading-list suggestions).")
    ],
    json_out: JsonOut = False,
) -> None:
    """Decline suggested papers (a later sync does not suggest them again)."""
    from tracker import db
    from tracker.learning import reading_list as rl

    with db.session(write=True) as session:
        views = [rl.dismiss(session, i) for i in ids]
    _report(views, json_out, _("#{id} {title}: dismissed"))


@reading_app.command("rm")
def rm_command(ids: ReadingIds, json_out: JsonOut = False) -> None:
    """Delete readings from the list."""
    from tracker import db
    from tracker.learning.reading_edit import remove

    with db.session(write=True) as session:
        views = [remove(session, i) for i in ids]
    _report(views, json_out, _("#{id} {title}: deleted"))


def _report(views: list[ReadingView], json_out: bool, line: str) -> None:
    """``line``: a translated sentence with {id} and {title}, said of each reading."""
    if json_out:
        render.print_json(views)
        return
    for item in views:
        render.info(line.format(id=item.id, title=item.title))


@reading_app.command("edit")
def edit_command(
    reading_id: Annotated[int, typer.Argument(metavar="ID", help="Reading id (see reading-list list).")],
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    authors: Annotated[
        str | None,
        typer.Option("--authors", help='Replace the authors, in order, separated by ";" ("" clears).'),
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help='Year of publication ("" clears).')] = None,
    venue: Annotated[str | None, typer.Option("--venue", help='Where it was published ("" clears).')] = None,
    doi: Annotated[str | None, typer.Option("--doi", help='DOI ("" clears).')] = None,
    url: Annotated[str | None, typer.Option("--url", help='Link to the paper ("" clears).')] = None,
    topics: Annotated[
        str | None, typer.Option("--topics", help='Replace the topics (comma-separated concepts; "" clears).')
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Change a reading's fields."""
    from tracker import db
    from tracker.learning.reading_edit import ReadingEdit, edit
    from tracker.learning.topic_map import load

    keys = None
    if topics is not None:
        topic_map = load()
        keys = [topic_map.concept(t.strip()).key for t in topics.split(",") if t.strip()]
    change = ReadingEdit(
        title=title,
        authors=None if authors is None else authors.split(";"),
        year=year,
        venue=venue,
        doi=doi,
        url=url,
        topics=keys,
    )
    with db.session(write=True) as session:
        item = edit(session, reading_id, change)
    if json_out:
        render.print_json(item)
        return
    render.info(_("Updated #{id}: {title}").format(id=item.id, title=item.title))


@reading_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="A BibTeX file (.bib), e.g. exported by Zotero or Google Scholar.")
    ],
    json_out: JsonOut = False,
) -> None:
    """Add every entry of a BibTeX file; one already listed (same DOI, arXiv id or title) is completed."""
    from tracker import db
    from tracker.learning.reading_bibtex import read_bibtex_file, store_bibtex

    parsed = read_bibtex_file(file)
    with db.session(write=True) as session:
        result = store_bibtex(session, parsed)
    if json_out:
        render.print_json(result)
        return
    for problem in result.rejected:
        render.info(_("skipped {problem}").format(problem=problem))
    line = _("Imported {file}: {added} new, {listed} already listed, {skipped} skipped")
    render.info(
        line.format(
            file=file.name,
            added=len(result.added),
            listed=len(result.already_listed),
            skipped=len(result.rejected),
        )
    )


@reading_app.command("done")
def done_command(
    ids: ReadingIds,
    undo: Annotated[bool, typer.Option("--undo", help="Back to to-read.")] = False,
    reading: Annotated[bool, typer.Option("--reading", help="Mark as being read instead.")] = False,
    json_out: JsonOut = False,
) -> None:
    """Mark readings as read (or --reading, or --undo)."""
    from tracker import db
    from tracker.learning import reading_list as rl

    if undo and reading:
        raise typer.BadParameter(_("--undo and --reading contradict each other: give one of them"))
    status = "to-read" if undo else ("reading" if reading else "done")
    with db.session(write=True) as session:
        views = [rl.set_status(session, i, status) for i in ids]
    if json_out:
        render.print_json(views)
        return
    for item in views:
        shown = _(SHOWN_STATUS.get(item.status, item.status))
        render.info(_("#{id} {title}: {status}").format(id=item.id, title=item.title, status=shown))


def render_readings(rows: list[ReadingView], fmt: str, title: str) -> str:
    from tracker.export import bibtex, csljson, markdown, tabular

    if fmt == "md":
        return markdown.render(rows, title=title)
    if fmt == "bibtex":
        return bibtex.render(rows)
    if fmt == "csl-json":
        return csljson.render(rows)
    if fmt == "csv":
        return tabular.render_csv(rows)
    return tabular.render_json(rows)


@reading_app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, bibtex, csl-json, csv or json.")],
    topic: Annotated[str | None, typer.Option("--topic", help="Only this topic-map concept.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="to-read, reading, done, suggested or dismissed.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (0600); default stdout.")
    ] = None,
    force: Force = False,
) -> None:
    """Export the reading list for other tools (BibTeX, CSL-JSON, Markdown, CSV, JSON)."""
    from tracker.errors import Invalid

    wanted = fmt.lower()
    if wanted not in EXPORT_FORMATS:
        raise Invalid(
            _("unknown format {format}: use one of {formats}").format(
                format=repr(fmt), formats=", ".join(EXPORT_FORMATS)
            )
        )
    from tracker import db
    from tracker.files import write_file
    from tracker.learning import reading_list as rl

    with db.session() as session:
        rows = rl.list_readings(session, topic=topic, status=status)
    title = _("Reading list: {topic}").format(topic=topic) if topic else _("Reading list")
    text = render_readings(rows, wanted, title)
    if out is None:
        typer.echo(text, nl=False)
        return
    written = write_file(out, text, overwrite=force)
    line = ngettext(
        "Wrote {count} reading to {path} ({format})", "Wrote {count} readings to {path} ({format})", len(rows)
    )
    render.info(line.format(count=len(rows), path=written, format=wanted))


def register(app: typer.Typer) -> None:
    app.add_typer(reading_app, name="reading-list")
