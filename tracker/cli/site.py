"""``tracker site build DIR``: the web view as a static site (plain files, relative links)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

site_app = typer.Typer(
    help="A static copy of the web view, to publish on any static host.", no_args_is_help=True
)


@site_app.command("build")
def build_command(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Folder to write the site into (made if missing; its parent must exist)."
        ),
    ],
    include_personal: Annotated[
        bool,
        typer.Option(
            "--include-personal",
            help="Also your statuses, plans, agenda, follow-ups and ranking (every page then says so).",
        ),
    ] = False,
) -> None:
    """Write the Upcoming page, conference pages, .ics and Atom feeds per area x rank, and catalog.json."""
    import time

    from tracker import clock, db, web
    from tracker.cli import render

    web.require_libraries("tracker site build")
    from tracker.web import site

    started = time.perf_counter()
    with db.session() as session:
        report = site.build(session, folder, now=clock.now(), include_personal=include_personal)
    seconds = time.perf_counter() - started
    from tracker.i18n import _

    template = (
        _("Wrote {pages} pages and {feeds} feeds with your personal data to {folder} in {seconds} s")
        if report.personal
        else _("Wrote {pages} pages and {feeds} feeds to {folder} in {seconds} s")
    )
    shown = template.format(
        pages=report.pages, feeds=report.feeds, folder=report.folder, seconds=f"{seconds:.1f}"
    )
    render.info(shown)


def register(app: typer.Typer) -> None:
    app.add_typer(site_app, name="site")
