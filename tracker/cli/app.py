"""The ``tracker`` command: the root app, sub-app registration and error handling.

Every noun module exposes ``register(app)``. Modules import only Typer and the
standard library at the top, so ``tracker --help`` stays fast; each command
imports the domain (and with it SQLAlchemy, NumPy, ...) when it runs.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from tracker import __version__, config
from tracker.errors import TrackerError

# Order here is the order of `tracker --help`.
NOUN_MODULES = (
    "recommend",
    "profile",
    "conf",
    "upcoming",
    "importer",
    "personal",
    "notes",
    "contacts",
    "plan",
    "demo",
    "path",
    "talks",
    "reading_list",
    "calendar",
    "trends",
    "sync",
    "db",
)

app = typer.Typer(
    name="tracker",
    help="AI conferences and workshops: choose, attend, and turn what you heard into learning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH|URL", help="Database file or URL [env: TRACKER_DB]."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    config.set_database_override(db)
    from tracker import db as database  # light: sqlalchemy is imported only when an engine is made

    database.set_notifier(_status)


def _status(message: str) -> None:
    # Like a progress bar: for a person at a terminal, not for scripts reading stderr.
    if sys.stderr.isatty():
        print(message, file=sys.stderr)


def _register_all() -> None:
    # A module listed here and missing is a bug: let the import fail loudly.
    for name in NOUN_MODULES:
        importlib.import_module(f"tracker.cli.{name}").register(app)


_register_all()


def _click_exceptions() -> tuple[type[BaseException], type[BaseException]]:
    # Typer >= 0.26 vendors Click; older releases depend on it.
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import ClickException  # type: ignore[no-redef]
    return ClickException, typer.Abort


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (tests call this directly)."""
    click_error, abort = _click_exceptions()
    try:
        result = app(
            args=list(argv) if argv is not None else None, prog_name="tracker", standalone_mode=False
        )
    except TrackerError as exc:
        _error(str(exc))
        return exc.exit_code
    except click_error as exc:
        message = exc.format_message()  # type: ignore[attr-defined]
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(message)
            return 0
        _error(message)
        return int(getattr(exc, "exit_code", 2))
    except abort:
        _error("aborted")
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return 1
    finally:
        config.set_database_override(None)
    return result if isinstance(result, int) else 0


def _error(message: str) -> None:
    line = " ".join(message.split())
    print(f"tracker: error: {line}", file=sys.stderr)


def main() -> None:
    sys.exit(run())
