"""The web view of tracker: ``tracker serve`` (a local server) and ``tracker site build`` (files).

Pages are made by the views (``views/``: one module per page, each calling the same domain
functions as the CLI) and rendered by Jinja2 with autoescaping (``render``); ``app`` wires them
to Starlette for the server, ``site`` writes them as plain files. Only ``app`` imports Starlette;
nothing here is imported by the other commands, and this module imports nothing heavy.
"""

from __future__ import annotations

WEB_LIBRARIES = ("jinja2", "starlette", "uvicorn")
WEB_EXTRA = "pip install 'ai-conference-tracker[web]'"


def require_libraries(command: str) -> None:
    """TrackerError (exit 1) naming the extra to install when a library of the web view is missing."""
    from importlib.util import find_spec

    from tracker.errors import TrackerError

    missing = [name for name in WEB_LIBRARIES if find_spec(name) is None]
    if missing:
        raise TrackerError(f"{command} needs {', '.join(missing)}: {WEB_EXTRA}")
