"""The values every command accepts: no empty texts, no integers SQLite cannot store, no NaN.

:func:`guard` wraps each parameter of the built Click tree, so a bad value is a usage error
(exit 2) naming its option, like any other, before the command runs.
"""

from __future__ import annotations

from typing import Any

from tracker.i18n import _

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


def guard(command: Any, path: tuple[str, ...] = ()) -> None:
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
        guard(sub, (*path, name))
