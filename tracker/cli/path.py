"""``tracker path``: an ordered learning path to one or more topics, and progress along it.

``tracker path transformers`` shows (and remembers) the goal; ``--done STEP`` marks
steps finished, ``--known TOPIC`` says what you knew already; ``tracker path progress``
shows every goal. Domain code lives in :mod:`tracker.learning.paths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import N_, _, shown_title

if TYPE_CHECKING:
    from tracker.learning.paths import GoalProgress, LearningPath

STATUS_MARK = {"done": "✓", "next": "→", "todo": " "}
# A step's kind (topic_map.yml) as a person reads it; --json keeps the key.
SHOWN_KIND = {
    "concept": N_("concept"),
    "field": N_("field"),
    "frontier": N_("frontier"),
    "challenge": N_("challenge"),
}


def path_command(
    topics: Annotated[
        list[str],
        typer.Argument(metavar="TOPIC...|progress", help="Goal topic(s), e.g. transformers; or 'progress'."),
    ],
    done: Annotated[
        list[str] | None, typer.Option("--done", metavar="STEP", help="Mark a step finished (repeatable).")
    ] = None,
    known: Annotated[
        list[str] | None,
        typer.Option("--known", metavar="TOPIC", help="A topic you already know (and its prerequisites)."),
    ] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Drop these goals from your saved goals.")] = False,
    json_out: JsonOut = False,
) -> None:
    """The ordered steps from what you know to TOPIC: concept, demo, readings, upcoming events."""
    from tracker import db
    from tracker.learning import paths

    done, known = done or [], known or []
    if topics == ["progress"]:
        if done or known:
            with db.session(write=True) as session:
                paths.mark_done(session, done)
                paths.mark_known(session, known)
        with db.session() as session:
            result = paths.progress(session)
        _print_progress(result, json_out)
        return
    with db.session(write=True) as session:
        if forget:
            paths.forget_goals(session, topics)
            render.info(_("Forgot goal(s): {topics}").format(topics=", ".join(topics)))
            return
        learning_path = paths.build_path(session, topics, known=known, done=done)
    if json_out:
        render.print_json(learning_path)
        return
    _print_path(learning_path)


def _print_path(path: LearningPath) -> None:
    from rich.markup import escape

    from tracker import i18n
    from tracker.catalog import topics

    language = i18n.language()  # a step's name: the topic's Chinese name in zh

    out = render.console()
    done, total = path.done, len(path.steps)

    def named(keys: list[str]) -> str:
        return (
            i18n.prose_list(topics.shown_name(key, language) for key in keys)
            if language == "zh"
            else ", ".join(keys)
        )

    goals = "[bold]" + _("Path to {goals}").format(goals=escape(named(path.goals))) + "[/]"
    out.print(goals + "  " + _("{done}/{total} steps done").format(done=done, total=total))
    if path.known:
        out.print(escape(_("Already known: {topics}").format(topics=named(path.known))))
    if not path.steps:
        out.print(_("Nothing left to learn on this path."))
        return
    for step in path.steps:
        out.print()
        mark = STATUS_MARK[step.status]
        kind = _(SHOWN_KIND.get(step.kind, step.kind))
        name = topics.shown_name(step.topic, language) if language == "zh" else step.name
        out.print(f"[bold]{mark} {step.number}. {name}[/] ({step.topic}, {kind})")
        summary = (
            step.zh_summary if language == "zh" and step.zh_summary else _first_sentence(step.description)
        )
        out.print(f"   {escape(summary)}")
        if step.demo:
            out.print("   " + escape(_("Demo: {demo}").format(demo=step.demo)))
        for reading in step.readings:
            ident = (
                f"arXiv:{reading.arxiv_id}"
                if reading.arxiv_id
                else (f"doi:{reading.doi}" if reading.doi else "")
            )
            first = reading.authors[0]
            authors = _("{author} et al.").format(author=first) if len(reading.authors) > 1 else first
            source = f"{reading.venue or ''} {reading.year or ''} {ident}".strip()
            line = _("Read: {title} — {authors}, {source}").format(
                title=reading.title, authors=authors, source=source
            )
            out.print(escape(f"   {line}"))
        for event in step.events[:3]:
            score = _(" score {score}").format(score=f"{event.score:.2f}") if event.score is not None else ""
            where = f", {event.where}" if event.where else ""
            line = _("Event: {day} {title}").format(
                day=render.fmt_date(event.start), title=shown_title(event.title)
            )
            out.print(escape(f"   {line}{where}{score}"))
    out.print()
    step = next((s for s in path.steps if s.status != "done"), path.steps[0])
    command = f"tracker path {path.goals[0]} --done {step.topic}"
    ranking = _("date") if path.ranked_by == "date" else _("recommendation score")
    out.print(escape(_("Events ordered by {ranking}.").format(ranking=ranking)))
    # A line of its own, so that a narrow terminal does not break the command in two.
    out.print(escape(_("Mark a step: {command}").format(command=command)), soft_wrap=True)


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + (dot.strip() if dot else "")


def _print_progress(rows: list[GoalProgress], json_out: bool) -> None:
    from tracker import i18n
    from tracker.catalog import topics

    language = i18n.language()
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info(_("No goals yet: start one with {command}").format(command="tracker path transformers"))
        return
    table_rows = []
    for row in rows:
        width = 20
        filled = round(width * row.percent / 100)
        bar = "█" * filled + "░" * (width - filled)
        table_rows.append(
            (
                topics.shown_name(row.goal, language) if language == "zh" else row.name,
                f"{row.done}/{row.total}",
                f"{bar} {row.percent:.0f}%",
                row.next_step or "—",
            )
        )
    render.print_table(_("Learning progress"), [_("Goal"), _("Steps"), _("Progress"), _("Next")], table_rows)


def register(app: typer.Typer) -> None:
    app.command("path")(path_command)
