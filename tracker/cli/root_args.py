"""The root's options (``--db``, ``--lang``) read off the command line before Typer is loaded.

Standard library only: the console script's entry (tracker/cli/entry.py) reads the command's
name here before anything else of a run is imported, and the root app (tracker/cli/app.py)
the options' values.
"""

from __future__ import annotations

from collections.abc import Sequence

ROOT_VALUES = ("--db", "--lang")  # the root's options that take a value


def root_options(args: Sequence[str]) -> tuple[dict[str, str], list[str]]:
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
    rest = root_options(args)[1]
    return rest[0] if rest and not rest[0].startswith("-") else None
