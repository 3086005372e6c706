"""``tracker agenda KEY``: an edition's talks and posters ranked for me; my days, clashes, routes, people."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tracker.cli import render
from tracker.cli.options import EditionKey, JsonOut
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.personal.agenda_days import Agenda

WIDTH = 80  # the agenda is read on a phone or a narrow terminal at the venue


class _ShowByDefault(TyperGroup):
    """``tracker agenda KEY`` means ``tracker agenda show KEY``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


agenda_app = typer.Typer(
    cls=_ShowByDefault,
    help="My agenda of a conference: ranked talks and posters, my days, clashes, poster routes, people.",
    no_args_is_help=True,
)

TalkIds = Annotated[list[int], typer.Argument(metavar="ID...", help="Talk numbers (see tracker agenda KEY).")]
Tz = Annotated[
    str | None,
    typer.Option("--tz", help="Zone of the times: local (your home's, default), venue, or a zone name."),
]


@agenda_app.command("show")
def show_command(
    key: EditionKey,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="How many ranked items.")] = 20,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind: Poster, Oral, ...")] = None,
    json_out: JsonOut = False,
) -> None:
    """The edition's talks and posters ranked for you (interests, reading list, notes, contacts)."""
    from tracker import db
    from tracker.personal.agenda import rank

    with db.session() as session:
        ranked = rank(session, key, limit=limit, kind=kind)
    if json_out:
        render.print_json(ranked)
        return
    if not ranked:
        render.info(
            _(
                "Nothing in {key}'s programme matches your interests, reading list, notes or contacts yet "
                "(your interests: tracker profile show; a programme: tracker talks import --help)"
            ).format(key=key)
        )
        return
    render.print_table(
        _("For you at {key}").format(key=key),
        ["#", _("Pick"), _("Score"), _("Kind"), _("Title"), _("Why")],
        [
            (
                r.talk.id,
                "✓" if r.picked else "",
                f"{r.score:g}",
                r.talk.kind or "",
                r.talk.title,
                "; ".join(r.why),
            )
            for r in ranked
        ],
    )
    render.info(
        _("Pick: {command}; your days: tracker agenda days {key}").format(
            command=f"tracker agenda add {key} {ranked[0].talk.id}", key=key
        )
    )


@agenda_app.command("add")
def add_command(key: EditionKey, talk_ids: TalkIds, json_out: JsonOut = False) -> None:
    """Pick talks or posters for your agenda."""
    from tracker import db
    from tracker.personal.agenda import add

    with db.session(write=True) as session:
        added = add(session, key, talk_ids)
    if json_out:
        render.print_json({"added": added})
        return
    if added:
        picked = _("Picked {count} item(s) for {key}")
    else:
        picked = _("Picked {count} item(s) for {key} (already on your agenda)")
    render.info(picked.format(count=len(added), key=key))


@agenda_app.command("rm")
def rm_command(key: EditionKey, talk_ids: TalkIds, json_out: JsonOut = False) -> None:
    """Take talks or posters off your agenda."""
    from tracker import db
    from tracker.personal.agenda import remove

    with db.session(write=True) as session:
        removed = remove(session, key, talk_ids)
    if json_out:
        render.print_json({"removed": removed})
        return
    removed_line = _("Removed {count} item(s) from your agenda of {key}")
    render.info(removed_line.format(count=len(removed), key=key))


@agenda_app.command("days")
def days_command(key: EditionKey, tz: Tz = None, json_out: JsonOut = False) -> None:
    """Your picked items day by day, session by session, with clashes and poster routes."""
    from tracker import db
    from tracker.personal.agenda_days import build

    with db.session() as session:
        agenda = build(session, key, tz=tz)
    if json_out:
        render.print_json(agenda)
        return
    for line in agenda_lines(agenda):
        typer.echo(line)


def _fit(text: str, width: int = WIDTH) -> str:
    """``text`` cut to ``width`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len, set_cell_size

    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def agenda_lines(agenda: Agenda) -> list[str]:
    """The agenda as lines of at most 80 characters."""
    if not agenda.days and not agenda.unscheduled:
        return [
            _("Nothing picked for {key} yet: tracker agenda {key}, then agenda add").format(
                key=agenda.edition
            )
        ]
    lines = [_fit(_("My agenda of {key} (times in {zone})").format(key=agenda.edition, zone=agenda.zone))]
    if agenda.clashes:
        lines.append(_("{count} clash(es) between picked items: marked below").format(count=agenda.clashes))
    for day in agenda.days:
        lines += ["", day.day.strftime("%a %Y-%m-%d")]
        for block in day.sessions:
            lines.append(_fit(f"  {block.local_start} {block.name}"))
            for entry in block.entries:
                where = " ".join(p for p in (entry.room, entry.poster_position) if p)
                mark = "✓" if entry.attended else " "
                head = f"   {mark}{entry.local_start}-{entry.local_end} #{entry.id} "
                tail = f"  [{where}]" if where else ""
                room_for_title = WIDTH - len(head) - len(tail)
                lines.append(head + _fit(entry.title, max(room_for_title, 10)) + tail)
                for conflict in entry.conflicts:
                    lines.append(_fit(f"        ! {conflict}"))
                if entry.notes:
                    noted = _("{count} note(s): tracker notes list --talk {id}").format(
                        count=entry.notes, id=entry.id
                    )
                    lines.append(f"        {noted}")
            if block.route:
                lines.append("    " + _("Route:"))
                for stop in block.route:
                    lines.append(_fit(f"      {stop.room} {stop.position}  #{stop.talk_id} {stop.title}"))
    if agenda.unscheduled:
        lines += ["", _("Not scheduled yet:")]
        lines += [_fit(f"    #{e.id} {e.title}") for e in agenda.unscheduled]
    return lines


@agenda_app.command("people")
def people_command(key: EditionKey, json_out: JsonOut = False) -> None:
    """The authors of your picked items and their institutions; who is already a contact."""
    from tracker import db
    from tracker.personal.agenda import people

    with db.session() as session:
        rows = people(session, key)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        hint = _("No authors yet: pick items first; the ranked items: tracker agenda show {key}")
        render.info(hint.format(key=key))
        return
    render.print_table(
        _("People to meet at {key}").format(key=key),
        [_("Name"), _("Institution"), _("Contact"), _("Talks")],
        [
            (p.name, p.institution or "", _("yes") if p.contact else "", ", ".join(f"#{t}" for t in p.talks))
            for p in rows
        ],
    )
    stranger = next((p for p in rows if not p.contact), None)
    if stranger is not None:  # a hint that works as typed: a real talk id and name
        command = f"tracker contacts add --from-talk {stranger.talks[0]} {shlex.quote(stranger.name)}"
        render.info(_("Add one: {command}").format(command=command))


def register(app: typer.Typer) -> None:
    app.add_typer(agenda_app, name="agenda")
