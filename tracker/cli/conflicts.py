"""``tracker conflicts``: where the catalog's sources disagree, the value kept, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _, ngettext


def conflicts_command(
    key: Annotated[
        str | None, typer.Argument(metavar="[KEY]", help="Only this edition, e.g. neurips2023.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Every open disagreement between sources: each source's value, the one kept, the rule."""
    from tracker import clock, db
    from tracker.catalog.conflicts import open_conflicts

    with db.session() as session:
        found = open_conflicts(session, key, today=clock.today())
    if json_out:
        render.print_json(found)
        return
    if not found:
        if key:
            render.info(_("The sources agree on {key}: no conflicts").format(key=key))
        else:
            render.info(_("The sources agree: no conflicts"))
        return
    rows = [
        (
            d.edition,
            d.field.removesuffix(" deadline"),
            "\n".join(
                f"{'*' if source == d.kept else ' '} {source} {_short(value)}"
                for source, value in sorted(d.values.items())
            ),
            d.rule,
        )
        for d in found
    ]
    title = ngettext(
        "{count} conflict (* kept; --json says why)",
        "{count} conflicts (* kept; --json says why)",
        len(found),
    ).format(count=len(found))
    table = render.table(title, [_("Edition"), _("Field"), _("Sources say"), _("Rule")], rows)
    # Fits 80 columns: the values stay whole, the field and the rule wrap.
    for column, width in zip(table.columns, (14, 14, 26, 13), strict=True):
        column.max_width = width
    render.console().print(table)


def _short(value: str) -> str:
    """A value in a narrow cell: "2024-02-20..02-28", "2022-10-21 08:59" (JSON has it whole)."""
    if len(value) == 20 and value[10] == "T" and value.endswith("Z"):
        return f"{value[:10]} {value[11:16]}"
    start, dots, end = value.partition("..")
    if dots and start[:5] == end[:5]:
        return f"{start}..{end[5:]}"
    return value


def register(app: typer.Typer) -> None:
    app.command("conflicts")(conflicts_command)
