"""The ``tracker`` command: the root app, sub-app registration and error handling.

Every noun module exposes ``register(app)``. Modules import only Typer and the
standard library at the top, so ``tracker --help`` stays fast; each command
imports the domain (and with it SQLAlchemy, NumPy, ...) when it runs.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from tracker import __version__, config, i18n, inputs
from tracker.cli.guard import guard
from tracker.cli.root_args import ROOT_VALUES, command_name, root_options
from tracker.cli.typer_words import HELP_OPTION_NAMES, speak_typer, translate
from tracker.errors import TrackerError
from tracker.i18n import _

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
    "agenda",
    "reading_list",
    "calendar",
    "trends",
    "sync",
    "conflicts",
    "db",
    "serve",
    "site",
)

ROOT_SETTINGS: dict[str, Any] = {
    "name": "tracker",
    "help": i18n.N_("AI conferences and workshops: choose, attend, and turn what you heard into learning."),
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": HELP_OPTION_NAMES},
}
app = typer.Typer(**ROOT_SETTINGS)


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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help="Language of the interface [env: TRACKER_LANG; default: from LC_ALL, LC_MESSAGES, LANG].",
        ),
    ] = None,
) -> None:
    # --lang was read by run() before the commands were built (their help is in it).
    config.set_database_override(db)
    from tracker import db as database  # light: sqlalchemy is imported only when an engine is made

    database.set_notifier(_status)


def _status(message: str) -> None:
    # Like a progress bar: for a person at a terminal, not for scripts reading stderr.
    if sys.stderr.isatty():
        print(message, file=sys.stderr)


# The commands whose module is not named after them (``tracker import`` is cli/importer.py);
# any other command NAME lives in cli/NAME.py, dashes as underscores.
COMMAND_MODULES = {
    "import": "importer",
    "status": "personal",
    "mine": "personal",
    "summary": "personal",
    "followups": "personal",
    "log-notes": "notes",
    "sources": "sync",
    "changes": "sync",
}


@functools.cache
def _registered(module: str) -> typer.Typer:
    """What noun module ``module`` registers, held on a Typer of its own (once per process)."""
    holder = typer.Typer()
    # A module listed here and missing is a bug: let the import fail loudly.
    importlib.import_module(f"tracker.cli.{module}").register(holder)
    return holder


def root_app(name: str | None = None) -> typer.Typer:
    """The root Typer holding the noun module that registers command ``name``, or all of them.

    Importing the 19 noun modules costs about as much as importing Typer, so a run that
    names a command imports only its module. No name, or one no module registers, gets
    every module (``--help``, ``No such command``).
    """
    module = COMMAND_MODULES.get(name or "", (name or "").replace("-", "_"))
    if module in NOUN_MODULES:
        held = _registered(module)
        commands = [info for info in held.registered_commands if info.name == name]
        groups = [info for info in held.registered_groups if info.name == name]
        if commands or groups:
            return _root(commands, groups)
    every = [_registered(module) for module in NOUN_MODULES]
    return _root(
        [info for held in every for info in held.registered_commands],
        [info for held in every for info in held.registered_groups],
    )


def _root(commands: list[Any], groups: list[Any]) -> typer.Typer:
    root = typer.Typer(**ROOT_SETTINGS)
    root.registered_callback = app.registered_callback
    root.registered_commands = commands
    root.registered_groups = groups
    return root


def _click_exceptions() -> tuple[type[BaseException], type[BaseException]]:
    # Typer >= 0.26 vendors Click; older releases depend on it.
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import ClickException  # type: ignore[no-redef]
    return ClickException, typer.Abort


def hoisted(args: Sequence[str]) -> list[str]:
    """``args`` with the root's ``--lang``/``--db`` given after the command moved in front.

    ``tracker recommend --lang zh`` is how people (and the issue that asked for Chinese) type
    it. Only what comes before a ``--`` is looked at, and this is tried only once the command's
    own parser has refused the option, so a value that happens to read ``--lang`` is never taken.
    """
    given, rest = root_options(args)
    front = [part for flag, value in given.items() for part in (flag, value)]
    kept: list[str] = []
    index = 0
    while index < len(rest):
        arg = rest[index]
        if arg == "--":
            kept += rest[index:]
            break
        flag, equals, value = arg.partition("=")
        if flag in ROOT_VALUES and (equals or index + 1 < len(rest)):
            front += [flag, value] if equals else [flag, rest[index + 1]]
            index += 1 if equals else 2
            continue
        kept.append(arg)
        index += 1
    return front + kept


@functools.cache
def command(name: str | None = None, lang: str = "en") -> Any:
    """The Click command of :func:`root_app` in ``lang``, guarded; built once per process and language.

    Typer builds a Click command for every command of every noun (35-45 ms in all), so
    a run that names one noun gets a root holding only that one: same options, same help
    and errors below it. No name, or one no noun has, builds the whole tree (``--help``,
    ``No such command``).
    """
    built = typer.main.get_command(root_app(name))
    guard(built)
    if lang != "en":
        translate(built)
    return built


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (tests call this directly).

    The exit status: 0 done; 2 an argument is malformed or names something unknown (a
    usage error, a value out of range, not UTF-8, an unknown conference, topic, city or
    note, a missing input file); 1 the request is well-formed but cannot be done; 130
    interrupted. README.md ("Exit status") says the same to people.
    """
    click_error, abort = _click_exceptions()
    args = list(argv) if argv is not None else sys.argv[1:]
    i18n.set_language("en")  # an error in the language asked for is said in English
    try:
        # The language first: an argument that is not UTF-8 is said in it (`--lang` is ASCII).
        i18n.set_language(i18n.choose(root_options(args)[0].get("--lang")))
        for arg in args:
            inputs.check_argument(arg)
        speak_typer()
        built = command(command_name(args), i18n.language())
        result = built.main(args=args, prog_name="tracker", standalone_mode=False)
    except TrackerError as exc:
        _error(str(exc))
        return exc.exit_code
    except i18n.UnknownLanguage as exc:
        _error(str(exc))
        return 2
    except click_error as exc:
        message = exc.format_message()  # type: ignore[attr-defined]
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(message)
            return 0
        from tracker.cli.usage import usage_message

        if getattr(exc, "option_name", None) in ROOT_VALUES and hoisted(args) != args:
            # `tracker recommend --lang zh`: the command's parser refused the root's option
            # before running anything; run it again with the option where the root reads it.
            return run(hoisted(args))
        message = usage_message(message)
        if getattr(exc, "option_name", None) in ROOT_VALUES:  # `tracker recommend --lang` (no value)
            message += _(
                " ({option} is the root's: put it first, tracker {option} VALUE COMMAND ...)"
            ).format(
                option=exc.option_name  # type: ignore[attr-defined]
            )
        _error(message)
        return int(getattr(exc, "exit_code", 2))
    except abort:
        _error(_("aborted"))
        return 1
    except KeyboardInterrupt:
        _error(_("interrupted"))
        return 130
    except BrokenPipeError:
        return 1
    except OSError as exc:
        # The file system refused (a name too long, no permission, a full disk) where no
        # check foresaw it: still one line, naming the file.
        _error(_os_error(exc))
        return 1
    except Exception as exc:
        # A database that fails under a command (locked, read-only, full disk) outside
        # the sessions that already say so; anything else is a bug and keeps its traceback.
        from tracker import db as database

        mapped = database.as_tracker_error(exc)
        if mapped is None:
            raise
        _error(str(mapped))
        return mapped.exit_code
    finally:
        config.set_database_override(None)
    return result if isinstance(result, int) else 0


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    name = str(exc.filename)
    if len(name) > 200:
        name = _("{start}…{end} ({count} characters)").format(
            start=name[:120], end=name[-60:], count=len(name)
        )
    return _("cannot use {name}: {reason}").format(name=name, reason=reason)


def _error(message: str) -> None:
    line = " ".join(message.split())
    print(_("tracker: error: {message}").format(message=line), file=sys.stderr)
