"""``tracker talks``: a conference's talks, their topics (classified or set by hand) and demos."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _

talks_app = typer.Typer(help="Talks: add, list, show, import a programme, set topics.", no_args_is_help=True)

TalkId = Annotated[int, typer.Argument(metavar="ID", help="Talk number (see tracker talks list).")]


@talks_app.command("add")
def add_command(
    edition: Annotated[str, typer.Argument(help="The conference edition, e.g. neurips2026.")],
    title: Annotated[str, typer.Argument(help="The talk's title.")],
    speakers: Annotated[
        list[str] | None, typer.Option("--speaker", metavar="NAME", help="A speaker (repeatable).")
    ] = None,
    abstract: Annotated[
        str, typer.Option("--abstract", help="The talk's abstract (helps the classifier).")
    ] = "",
    session_name: Annotated[str | None, typer.Option("--session", help="Session or room.")] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Local start 'YYYY-MM-DD HH:MM' (with --tz).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Local end 'YYYY-MM-DD HH:MM' (with --tz).")
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Zone of --start/--end: Europe/Vienna, UTC+2, AoE…")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="The talk's page or video.")] = None,
    topics: Annotated[
        list[str] | None, typer.Option("--topic", metavar="TOPIC", help="Set the topic by hand (repeatable).")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Add a talk (its topics are classified from title and abstract unless you give --topic)."""
    from tracker import db
    from tracker.catalog.timezones import instant_from_text
    from tracker.learning import talks

    record = talks.TalkRecord(
        edition=edition,
        title=title,
        speakers=speakers or [],
        abstract=abstract,
        session=session_name,
        starts_at=instant_from_text(start, tz, "--start"),
        ends_at=instant_from_text(end, tz, "--end"),
        timezone=tz,
        url=url,
        topics=topics or [],
    )
    with db.session(write=True) as session:
        talk, outcome = talks.upsert_talk(session, record)
        result = talks.view(talk)
    if json_out:
        render.print_json({"talk": result, "created": outcome == "added"})
        return
    topics_text = ", ".join(t.topic for t in result.topics) or _("none")
    line = {
        "added": _("Added talk #{id}: {title} (topics: {topics})"),
        "updated": _("Updated talk #{id}: {title} (topics: {topics})"),
        "unchanged": _("Unchanged talk #{id}: {title} (topics: {topics})"),
    }[outcome]
    render.info(line.format(id=result.id, title=result.title, topics=topics_text))


@talks_app.command("list")
def list_command(
    edition: Annotated[str | None, typer.Option("--edition", help="Only this edition.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only this topic-map concept.")] = None,
    json_out: JsonOut = False,
) -> None:
    """Talks, earliest first, with their topics."""
    from tracker import db
    from tracker.learning import talks

    with db.session() as session:
        rows = talks.list_talks(session, edition=edition, topic=topic)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info(
            _("No talks yet: {add}, or {import_}").format(
                add="tracker talks add --help", import_="tracker talks import --help"
            )
        )
        return
    render.print_table(
        _("Talks"),
        ["#", _("Edition"), _("When (local)"), _("Title"), _("Topics")],
        [
            (
                t.id,
                t.edition,
                render.fmt_in_zone(t.starts_at, t.timezone),
                t.title,
                ", ".join(x.topic for x in t.topics),
            )
            for t in rows
        ],
    )


@talks_app.command("show")
def show_command(talk_id: TalkId, json_out: JsonOut = False) -> None:
    """One talk: speakers, time, abstract, topics with the classifier's reason, and the demo to try."""
    from tracker import db
    from tracker.catalog.timezones import parse_zone
    from tracker.learning import talks

    with db.session() as session:
        result = talks.view(talks.get_talk(session, talk_id))
    if json_out:
        render.print_json(result)
        return
    from rich.markup import escape

    out = render.console()
    out.print(f"[bold]{escape(result.title)}[/]")
    where = f"{result.edition_title} ({result.edition})" + (f" · {result.session}" if result.session else "")
    out.print(escape(where))
    if result.speakers:
        out.print(escape(_("Speakers: {names}").format(names=", ".join(result.speakers))))
    if result.starts_at:
        local = ""
        if result.timezone:
            local = (
                f" ({render.fmt_instant(result.starts_at, parse_zone(result.timezone))}, {result.timezone})"
            )
        out.print(_("When: {when}").format(when=render.fmt_instant(result.starts_at)) + local)
    if result.url:
        out.print(escape(_("Link: {url}").format(url=result.url)))
    if result.abstract:
        out.print()
        out.print(escape(result.abstract))
    out.print()
    for topic in result.topics:
        if topic.source == "manual":
            out.print(escape(_("Topic: {topic} (set by hand)").format(topic=topic.topic)))
        else:
            line = _("Topic: {topic} (score {score}; because of: {reason})").format(
                topic=topic.topic, score=f"{topic.score or 0:.2f}", reason=topic.reason
            )
            out.print(escape(line))
    if not result.topics:
        command = f"tracker talks topics {result.id} machine-learning"
        out.print(_("Topic: none found (set one: {command})").format(command=command))
    for demo in result.demos:
        out.print(_("Try it: {demo}").format(demo=demo))


@talks_app.command("topics")
def topics_command(
    talk_id: TalkId,
    topics: Annotated[
        list[str] | None,
        typer.Argument(metavar="TOPIC...", help="Topics to set; none: classify again."),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Override a talk's topics by hand (or give none to let the classifier decide again)."""
    from tracker import db
    from tracker.learning import talks

    with db.session(write=True) as session:
        result = talks.set_topics(session, talk_id, topics or [])
    if json_out:
        render.print_json(result)
        return
    topics_text = ", ".join(f"{t.topic} ({t.source})" for t in result.topics) or _("no topic")
    render.info(_("Talk #{id}: {topics}").format(id=result.id, topics=topics_text))


@talks_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="A programme: .csv, .json, .ics or a virtual-site orals-posters.json.")
    ],
    edition: Annotated[str | None, typer.Option("--edition", help="Edition of rows that name none.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Zone of local times that name none.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv, json, ics or virtual (default: from the suffix and shape)."),
    ] = None,
    abstracts: Annotated[
        Path | None,
        typer.Option("--abstracts", help="A virtual-site abstracts.json (event id to abstract)."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Site of a virtual-site programme's links, e.g. https://neurips.cc."),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Import a conference programme (all or nothing); importing again updates the talks."""
    from tracker import db
    from tracker.learning.programme_files import import_programme

    with db.session(write=True) as session:
        result = import_programme(
            session, file, edition=edition, zone=tz, fmt=fmt, abstracts=abstracts, base_url=base_url
        )
    if json_out:
        render.print_json(result)
        return
    for warning in result.warnings:
        render.info(_("warning: {warning}").format(warning=warning))
    line = _("Imported {file}: {created} new talks, {updated} updated, {unchanged} unchanged")
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    render.info(line.format(file=file.name, **counts))


def register(app: typer.Typer) -> None:
    app.add_typer(talks_app, name="talks")
