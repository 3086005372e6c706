"""The ``tracker`` command: the root app, sub-app registration and error handling.

Every noun module exposes ``register(app)``. Modules import only Typer and the
standard library at the top, so ``tracker --help`` stays fast; each command
imports the domain (and with it SQLAlchemy, NumPy, ...) when it runs.
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from tracker import __version__, config, i18n, inputs
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

GC_THRESHOLD = 10_000  # objects allocated between collections of the youngest generation
HELP_OPTION_NAMES = ["-h", "--help"]
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


# --- the values every command accepts ------------------------------------------------------

# Options where an empty value means something (their help says what); everywhere else an
# empty or blank value is a mistake, not "not given".
EMPTY_MEANS_CLEAR = frozenset(
    {
        "notes edit --contact",
        "contacts edit --affiliation",
        "contacts edit --email",
        "contacts edit --url",
        "contacts edit --topics",
        "contacts edit --met",
        "contacts edit --note",
        "reading-list edit --authors",
        "reading-list edit --venue",
        "reading-list edit --doi",
        "reading-list edit --url",
        "reading-list edit --topics",
        "reading-list edit --year",
    }
)
# SQLite stores 64-bit integers: a larger one fails deep inside a query (OverflowError).
INT_LIMIT = 2**63 - 1


def _check_given(value: Any, allow_empty: bool) -> None:
    """Refuse an empty or blank text (as typed: Typer would make an empty path ".")."""
    items = value if isinstance(value, list | tuple) else [value]
    if not allow_empty and any(isinstance(item, str) and not item.strip() for item in items):
        raise _bad_parameter()(_("empty value (leave the option out instead)"))


def _check_number(value: Any) -> None:
    """Refuse an integer SQLite cannot store and a float that is not a number."""
    import math

    for item in value if isinstance(value, list | tuple) else [value]:
        if isinstance(item, int) and not isinstance(item, bool) and not -INT_LIMIT <= item <= INT_LIMIT:
            message = _("{value} is out of range (at most {limit} either way)")
            raise _bad_parameter()(message.format(value=item, limit=INT_LIMIT))
        if isinstance(item, float) and not math.isfinite(item):
            raise _bad_parameter()(_("{value} is not a finite number").format(value=item))


def _bad_parameter() -> type[Exception]:
    try:
        from typer._click.exceptions import BadParameter
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import BadParameter  # type: ignore[no-redef]
    return BadParameter


def _guard(command: Any, path: tuple[str, ...] = ()) -> None:
    """Check every value of every command before it runs: empty texts, huge integers, NaN.

    Each parameter's ``process_value`` (Click's step from the typed text to the value) is
    wrapped, so a bad value is a usage error naming the option, like any other.
    """
    for param in command.params:
        if getattr(param, "is_flag", False):
            continue
        allow_empty = " ".join((*path, param.opts[0])) in EMPTY_MEANS_CLEAR

        def process_value(
            ctx: Any,
            value: Any,
            name: str = param.name,
            original: Any = param.process_value,
            allow_empty: bool = allow_empty,
        ) -> Any:
            typed = getattr(ctx.get_parameter_source(name), "name", "") == "COMMANDLINE"
            if typed:  # a default ("" for --abstract) is the program's, not a mistake
                _check_given(value, allow_empty)
            result = original(ctx, value)
            if typed:
                _check_number(result)
            return result

        param.process_value = process_value
    for name, sub in getattr(command, "commands", {}).items():
        _guard(sub, (*path, name))


# The root's options that take a value, read before the commands are built.
ROOT_VALUES = ("--db", "--lang")


def _root_options(args: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """The values of ``--db`` and ``--lang`` given before the command, and the arguments after them."""
    rest = list(args)
    given: dict[str, str] = {}
    while rest:
        flag, _equals, value = rest[0].partition("=")
        if flag not in ROOT_VALUES:
            break
        if not _equals:
            if len(rest) < 2:
                break
            value = rest[1]
            rest = rest[1:]
        given[flag] = value
        rest = rest[1:]
    return given, rest


def command_name(args: Sequence[str]) -> str | None:
    """The top-level command ``args`` run (``conf`` in ``--db x.db conf list``), if plain to see."""
    rest = _root_options(args)[1]
    return rest[0] if rest and not rest[0].startswith("-") else None


@functools.cache
def command(name: str | None = None, lang: str = "en") -> Any:
    """The Click command of :func:`root_app` in ``lang``, guarded; built once per process and language.

    Typer builds a Click command for every command of every noun (35-45 ms in all), so
    a run that names one noun gets a root holding only that one: same options, same help
    and errors below it. No name, or one no noun has, builds the whole tree (``--help``,
    ``No such command``).
    """
    built = typer.main.get_command(root_app(name))
    _guard(built)
    if lang != "en":
        _translate(built)
    return built


def _translate(command: Any) -> None:
    """Every help text of ``command`` and below it, in the interface's language.

    Typer's help texts are fixed when the modules are imported (``help=`` and docstrings,
    which the catalog holds as tools/i18n.py extracts them); the language is known only
    when ``run`` starts, so the built tree is translated instead.
    """
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    # Click makes the help option when it is first asked for, and keeps it: make it now.
    context = command.context_class(command, help_option_names=HELP_OPTION_NAMES)
    for param in [*command.params, command.get_help_option(context)]:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        _translate(sub)


# Typer's and Click's texts in tracker's help, marked here for the catalog: the help
# options' texts (translated by _translate) and the headings Typer asks gettext for
# (through _speak_typer).
TYPER_TEXTS = (
    i18n.N_("Show this message and exit."),
    i18n.N_("Install completion for the current shell."),
    i18n.N_("Show completion for the current shell, to copy it or customize the installation."),
    i18n.N_("Arguments"),
    i18n.N_("Options"),
    i18n.N_("Commands"),
    i18n.N_("default: {default}"),
    i18n.N_("required"),
    i18n.N_("env var: {var}"),
)


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
        i18n.set_language(i18n.choose(_root_options(args)[0].get("--lang")))
        for arg in args:
            inputs.check_argument(arg)
        _speak_typer()
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

        message = usage_message(message)
        if getattr(exc, "option_name", None) in ROOT_VALUES:  # `tracker recommend --lang zh`
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


def _speak_typer() -> None:
    """Typer's own words in help ("Options", "default: 30d") through the catalog, wrapped by cells.

    Typer asks the standard library's ``gettext.gettext`` (the process's default domain,
    English here); its module-level ``_`` is pointed at ours instead.
    """
    import typer.core

    from tracker.cli import helpwidth

    typer.core._ = _
    helpwidth.install()
    _speak_usage()


def _speak_usage() -> None:
    """Click writes "Usage: " without asking gettext: the prefix is given from the catalog (用法：)."""
    from typer._click import formatting

    original = formatting.HelpFormatter.write_usage
    if getattr(original, "spoken", False):  # once per process (tests run many commands)
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, _("Usage: ") if prefix is None else prefix)

    write_usage.spoken = True  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


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


def main() -> None:
    # A command is a short process whose imports (modules, classes, SQL constructs: some
    # 300,000 objects) all live until it exits. With the default threshold (700) the
    # collector walks them about 150 times on the way, a full pass included, freeing
    # nothing; a larger first generation keeps cycles collected at a fraction of the work.
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    sys.exit(run())
