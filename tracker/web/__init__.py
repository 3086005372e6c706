"""The web view of tracker: ``tracker serve`` (a local server) and ``tracker site build`` (files).

Pages are made by the views (``views/``: one module per page, each calling the same domain
functions as the CLI) and rendered by Jinja2 with autoescaping (``render``); ``app`` wires them
to Starlette for the server, ``site`` writes them as plain files. Only ``app`` imports Starlette;
nothing here is imported by the other commands, and this module imports nothing heavy.
"""

from __future__ import annotations

WEB_LIBRARIES = ("jinja2", "starlette", "uvicorn")
DISTRIBUTION = "ai-conference-tracker"


def install_command() -> str:
    """``pip install`` of the ``web`` extra's own requirements, as this installation declares them.

    Not ``pip install 'ai-conference-tracker[web]'``: tracker is installed from its checkout,
    and that name on the package index is nobody's promise. The requirements work anywhere.
    """
    import re
    import shlex
    from importlib.metadata import PackageNotFoundError, requires

    try:
        declared = requires(DISTRIBUTION) or []
    except PackageNotFoundError:  # a checkout on sys.path, not installed
        declared = []
    web = [r.split(";")[0].strip() for r in declared if re.search(r"extra\s*==\s*['\"]web['\"]", r)]
    return shlex.join(["pip", "install", *(web or WEB_LIBRARIES)])


def require_libraries(command: str) -> None:
    """TrackerError (exit 1) naming the extra to install when a library of the web view is missing."""
    from importlib.util import find_spec

    from tracker.errors import TrackerError
    from tracker.i18n import N_, Message

    missing = [name for name in WEB_LIBRARIES if find_spec(name) is None]
    if missing:
        raise TrackerError(
            Message(
                N_("{command} needs {libraries}: {install}"),
                command=command,
                libraries=", ".join(missing),
                install=install_command(),
            )
        )
