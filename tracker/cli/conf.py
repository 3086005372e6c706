"""``tracker conf``: the conference catalog, one module per command (conf_list, conf_show)."""

from __future__ import annotations

import typer

from tracker.cli import conf_list, conf_show

conf_app = typer.Typer(help="The conference catalog: list, show.", no_args_is_help=True)
conf_app.command("list")(conf_list.list_command)
conf_app.command("show")(conf_show.show_command)


def register(app: typer.Typer) -> None:
    app.add_typer(conf_app, name="conf")
