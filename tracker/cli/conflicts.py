"""``tracker conflicts``: where the catalog's sources disagree, the value kept, and why."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import N_, _, ngettext

# The fields and the rules' short names as a person reads them; --json keeps the keys. A
# deadline's field ("paper (round 1)") is named by its source and shown as it is.
FIELD_WORDS = {"dates": N_("dates"), "place": N_("place"), "link": N_("link")}
RULE_WORDS = {
    "another-year": N_("another-year"),
    "own-text": N_("own-text"),
    "own-deadlines": N_("own-deadlines"),
    "region": N_("region"),
    "unplaced": N_("unplaced"),
    "changed-recently": N_("changed-recently"),
    "rank": N_("rank"),
}


_DEADLINE_FIELD = re.compile(r"(?P<kind>[a-z ]+?)(?: \(round (?P<round>\d+)\))?")


def field_word(field: str) -> str:
    """A conflict's field in the interface's language: "dates", or a deadline ("paper (round 1)")."""
    if field in FIELD_WORDS:
        return _(FIELD_WORDS[field])
    found = _DEADLINE_FIELD.fullmatch(field)
    if found is None:  # a source's own label: shown as written
        return field
    kind = _(found["kind"])
    return _("{kind} (round {round})").format(kind=kind, round=found["round"]) if found["round"] else kind


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
            field_word(d.field.removesuffix(" deadline")),
            "\n".join(
                f"{'*' if source == d.kept else ' '} {source} {_short(value)}"
                for source, value in sorted(d.values.items())
            ),
            _(RULE_WORDS[d.rule]) if d.rule in RULE_WORDS else d.rule,
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
