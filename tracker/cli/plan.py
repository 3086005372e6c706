"""``tracker plan list|add|done|undo``: the preparation plan of an edition.

Items are numbered 1, 2, 3... within each edition's plan, so ``done`` and ``undo``
take the edition's key and the item's number.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tracker.cli import render
from tracker.cli.options import EditionKey, JsonOut
from tracker.i18n import _

plan_app = typer.Typer(
    help="The preparation plan of an edition: sessions, people, questions, readings, tasks.",
    no_args_is_help=True,
)

KIND_HELP = "session, person, question, reading or task"
ItemNumber = Annotated[int, typer.Argument(metavar="N", help="The item's number in the plan.")]


@plan_app.command("list")
def list_command(
    key: EditionKey,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {KIND_HELP}.")] = None,
    json_out: JsonOut = False,
) -> None:
    """The checklist of an edition, in the order the items were added."""
    from tracker import db
    from tracker.personal.plans import get_plan, kind_word

    with db.session() as s:
        plan = get_plan(s, key, kind=kind)
    if json_out:
        render.print_json({"edition": plan.edition, "name": plan.edition_name, "items": plan.items})
        return
    if not plan.items:
        command = f'tracker plan add {plan.edition} "TEXT" --kind task'
        render.info(_("No plan items for {edition}: {command}").format(edition=plan.edition, command=command))
        return
    render.print_table(
        _("Plan for {name} ({count} open)").format(name=plan.edition_name, count=plan.open_count),
        ["#", _("Done"), _("Kind"), _("Item"), _("Contact"), _("Due")],
        [
            (
                i.n,
                "x" if i.done else "",
                kind_word(i.kind),
                i.text,
                i.contact or "",
                _due(i.due, i.overdue) if i.due else "",
            )
            for i in plan.items
        ],
    )


def _due(due: Any, overdue: bool) -> str:
    day = render.fmt_date(due)
    return _("{day} overdue").format(day=day) if overdue else day


@plan_app.command("add")
def add_command(
    key: EditionKey,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to do, see, ask or read.")],
    kind: Annotated[str, typer.Option("--kind", help=f"{KIND_HELP.capitalize()}.")] = "task",
    due: Annotated[str | None, typer.Option("--due", help="By when (YYYY-MM-DD, 7d, 2w).")] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="NAME", help="A contact it concerns.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Add an item to an edition's plan."""
    from tracker import db
    from tracker.personal.plans import add_item, kind_word

    with db.session(write=True) as s:
        item = add_item(s, key, text, kind=kind, due=due, contact=contact)
    if json_out:
        render.print_json(item)
        return
    render.info(_("Added {kind} {n}: {text}").format(kind=kind_word(item.kind), n=item.n, text=item.text))


@plan_app.command("done")
def done_command(key: EditionKey, n: ItemNumber, json_out: JsonOut = False) -> None:
    """Tick off item N."""
    _tick(key, n, True, json_out)


@plan_app.command("undo")
def undo_command(key: EditionKey, n: ItemNumber, json_out: JsonOut = False) -> None:
    """Reopen item N."""
    _tick(key, n, False, json_out)


def _tick(key: str, n: int, done: bool, json_out: bool) -> None:
    from tracker import db
    from tracker.personal.plans import set_done

    with db.session(write=True) as s:
        item = set_done(s, key, n, done=done)
    if json_out:
        render.print_json(item)
        return
    line = _("Done: {n}. {text}") if done else _("Reopened: {n}. {text}")
    render.info(line.format(n=item.n, text=item.text))


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
