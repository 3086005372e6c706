"""``tracker import PATH --format pwc|hf|ccf``: bring a tracker's YAML into the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import JsonOut
from tracker.i18n import _, translated

if TYPE_CHECKING:
    from tracker.catalog.importers.service import ImportReport

FORMATS = ("pwc", "hf", "ccf")
FORMAT_HELP = (
    "pwc = paperswithcode ai-deadlines conferences.yml; hf = huggingface ai-deadlines series files; "
    "ccf = ccf-deadlines conference/ and accept_rates/ files."
)


def import_command(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="A YAML file, a folder or checkout of a catalog, or a .zip/.tar.gz of one."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report, store nothing.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Store nothing when any record is rejected.")
    ] = False,
    json_out: JsonOut = False,
) -> None:
    """Import conference data; report added, updated, unchanged and rejected records.

    Every record passes the validation gate; each rejection names the record, the field and
    the reason. One transaction per run: nothing is ever half-written. A file written for
    another format than --format is not read.
    """
    if not path:
        # Path("") is ".": an empty argument would import every YAML file below here.
        raise typer.BadParameter(
            _("must not be empty (give a file or folder; . for this folder)"), param_hint="PATH"
        )
    if fmt.strip().lower() not in FORMATS:
        raise typer.BadParameter(
            _("unknown format {format}; use one of: {formats}").format(
                format=repr(fmt), formats=", ".join(FORMATS)
            ),
            param_hint="--format",
        )
    from tracker.catalog.importers.service import STEPS, import_path
    from tracker.errors import TrackerError

    where = Path(path)
    with render.progress() as bar:
        label = _("Importing {name}").format(name=where.name or path)
        task = bar.add_task(label, total=len(STEPS), status="")

        def on_step(stage: str) -> None:
            bar.update(task, completed=STEPS.index(stage), status=stage)

        report = import_path(where, fmt, dry_run=dry_run, strict=strict, on_step=on_step)
        bar.update(task, completed=len(STEPS), status="done")
    if json_out:
        render.print_json(report)
    else:
        _render(report)
    if report.accepted == 0:
        raise TrackerError(
            _("every record was rejected ({count}); nothing stored").format(count=len(report.rejected))
        )
    if strict and report.rejected:
        raise TrackerError(
            _("{count} record(s) rejected; nothing stored (--strict)").format(count=len(report.rejected))
        )


def _render(report: ImportReport) -> None:
    columns = [_("Record"), _("Field"), _("Reason")]
    if report.rejected:
        rows = [(i.record, i.field, i.reason) for i in report.rejected]
        render.print_table(_("Rejected ({count})").format(count=len(rows)), columns, rows)
    if report.warnings:
        rows = [(i.record, i.field, i.reason) for i in report.warnings]
        title = _("Warnings: stored, repaired or partial ({count})").format(count=len(rows))
        render.print_table(title, columns, rows)
    out = render.console()
    out.print(translated(report.summary()))
    if report.dry_run:
        out.print(_("dry run: nothing stored"))


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
