"""``tracker plan KEY``, ``tracker plan KEY add "…" --kind K [--due DATE]``, ``tracker plan KEY done N``.

The edition key comes before the action. A Click group with a KEY argument would
parse ``plan KEY --json`` badly (a group stops reading options at its first
argument), so ``plan`` is one command: ``KEY [ACTION [VALUE]]`` with the options of
every action, which may stand anywhere on the line.
"""

from __future__ import annotations

import difflib

import typer

from tracker.cli import render
from tracker.errors import Invalid

ACTIONS = ("add", "done", "undo")

PLAN_HELP = """The preparation plan of an edition: sessions, people, questions, readings, tasks.

\b
  tracker plan KEY                         show the checklist (--kind K: only that kind)
  tracker plan KEY add "…" --kind K        add an item (--due DATE, --contact NAME)
  tracker plan KEY done N                  tick off item N
  tracker plan KEY undo N                  reopen item N
"""


def plan_command(
    key: str = typer.Argument(..., help="Edition key, e.g. neurips2026."),
    action: str | None = typer.Argument(None, metavar="ACTION", help="add, done or undo."),
    value: str | None = typer.Argument(None, metavar="TEXT|N", help="The item text (add) or number N."),
    kind: str | None = typer.Option(
        None, "--kind", help="session, person, question, reading or task (add: default task; show: filter)."
    ),
    due: str | None = typer.Option(None, "--due", help="add: by when (YYYY-MM-DD, 7d, 2w)."),
    contact: str | None = typer.Option(None, "--contact", metavar="NAME", help="add: a contact it concerns."),
    json_out: bool = render.json_option(),
) -> None:
    if action is None:
        if due is not None or contact is not None:
            raise Invalid('--due and --contact go with `add`: tracker plan KEY add "…" --due DATE')
        _show(key, kind, json_out)
        return
    verb = action.strip().lower()
    if verb not in ACTIONS:
        close = difflib.get_close_matches(verb, ACTIONS, n=1, cutoff=0.5)
        raise Invalid(f"unknown plan action {action!r}; one of: {', '.join(ACTIONS)}", suggestions=close)
    if value is None:
        wanted = '"TEXT"' if verb == "add" else "N"
        raise Invalid(f"missing {wanted}: tracker plan {key} {verb} {wanted}")
    if verb == "add":
        _add(key, value, kind or "task", due, contact, json_out)
        return
    if kind is not None or due is not None or contact is not None:
        raise Invalid(f"`{verb}` takes only an item number")
    try:
        n = int(value)
    except ValueError:
        raise Invalid(f"item number expected, got {value!r}") from None
    _tick(key, n, verb == "done", json_out)


plan_command.__doc__ = PLAN_HELP


def _show(key: str, kind: str | None, json_out: bool) -> None:
    from tracker import db
    from tracker.personal.plans import get_plan

    with db.session() as s:
        plan = get_plan(s, key, kind=kind)
    if json_out:
        render.print_json({"edition": plan.edition, "name": plan.edition_name, "items": plan.items})
        return
    if not plan.items:
        render.info(f'No plan items for {plan.edition}: tracker plan {plan.edition} add "…" --kind task')
        return
    render.print_table(
        f"Plan for {plan.edition_name} ({plan.open_count} open)",
        ["#", "Done", "Kind", "Item", "Contact", "Due"],
        [
            (
                i.n,
                "x" if i.done else "",
                i.kind,
                i.text,
                i.contact or "",
                (render.fmt_date(i.due) + (" overdue" if i.overdue else "")) if i.due else "",
            )
            for i in plan.items
        ],
    )


def _add(key: str, text: str, kind: str, due: str | None, contact: str | None, json_out: bool) -> None:
    from rich.markup import escape

    from tracker import db
    from tracker.personal.plans import add_item

    with db.session(write=True) as s:
        item = add_item(s, key, text, kind=kind, due=due, contact=contact)
    if json_out:
        render.print_json(item)
        return
    render.info(escape(f"Added {item.kind} {item.n}: {item.text}"))


def _tick(key: str, n: int, done: bool, json_out: bool) -> None:
    from rich.markup import escape

    from tracker import db
    from tracker.personal.plans import set_done

    with db.session(write=True) as s:
        item = set_done(s, key, n, done=done)
    if json_out:
        render.print_json(item)
        return
    render.info(escape(f"{'Done' if done else 'Reopened'}: {item.n}. {item.text}"))


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
