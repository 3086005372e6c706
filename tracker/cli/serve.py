"""``tracker serve``: the catalog, recommendations and calendars in a browser, on this machine."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from tracker.i18n import _

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; other than 127.0.0.1 it is reachable by others."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the browser at the first page.")] = False,
) -> None:
    """Serve the web view (upcoming deadlines, conferences, recommendations, calendars) until Ctrl-C.

    Read-only: nothing a page or a feed asks changes the database. Requests must name the host
    served (no DNS rebinding); the .ics and Atom links can be subscribed to from this machine.
    """
    from tracker import web
    from tracker.cli import render

    web.require_libraries("tracker serve")
    import uvicorn

    from tracker import db, i18n
    from tracker.web.app import create_app

    with db.session():  # the database opens (and migrates) now, not at the first request
        pass
    if host not in LOCAL_HOSTS:
        render.info(
            _(
                "warning: listening on {host}: anyone who can reach it can read your statuses, "
                "plans and notes"
            ).format(host=host)
        )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    render.info(_("Serving {url} (Ctrl-C to stop)").format(url=url))
    # An explicit --lang or TRACKER_LANG is every page's language; else each browser's Accept-Language.
    explicit = ctx.find_root().params.get("lang") or os.environ.get("TRACKER_LANG")
    lang = i18n.language() if explicit else None
    app = create_app(hosts=(host, *LOCAL_HOSTS), lang=lang)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
