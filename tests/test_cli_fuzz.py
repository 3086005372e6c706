"""Fuzzing the command line: any argument list built from the commands' own options and hostile
values ends in exit 0, 1 or 2 and a line on stderr, never a traceback.

Each example runs one command in-process, in a working directory of its own (relative paths
land there) and on the test's own database (the conftest points TRACKER_DB, HOME and the XDG
folders into tmp_path), with standard input a pipe holding a short note (for ``log-notes`` and
``notes edit`` without ``--text``). Left out, because they would do long work no bad argument
reaches: ``sync`` (it fetches over the network), the six ``demo`` models (each trains for
seconds; every argument of theirs is checked before training, which tests/test_cli_robustness.py
covers), ``serve`` (it serves until stopped) and ``site build`` (it writes a whole site, tens
of seconds; tests/web runs both). Root's ``--install-completion`` and ``--show-completion`` are
left out too: they write to the shell's start-up files, not to tracker's.

Values are hostile, not random: text that is not UTF-8, a NUL, huge and negative numbers,
NaN, empty and blank strings, ``--``, a very long string, dates at the calendar's ends. No value
is an absolute path (``--out /dev/null --force`` is the business of the ``--out`` checks, not
something to try on this machine).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli
from tracker.cli.app import root_app

ROOT_COMMAND = typer.main.get_command(root_app())
EXCLUDED = {
    ("sync",),
    ("serve",),
    ("site", "build"),
    *((("demo", name)) for name in ("linreg", "logreg", "mlp", "cnn", "rnn", "autoencoder")),
}
ROOT_EXCLUDED = {"--install-completion", "--show-completion"}
MAX_EXAMPLES = 300

HOSTILE = [
    "",
    " ",
    "\t\n",
    "caf\udce9",  # the bytes caf\xe9, as Python hands them over
    "\udcff\udcfe",
    "a\x00b",
    "--",
    "-",
    "-1",
    "0",
    "1",
    "2",
    str(2**63),
    str(-(2**63) - 1),
    str(10**22),
    "1e309",
    "nan",
    "-inf",
    "0.5",
    "x" * 5000,
    "neurips2026",
    "nlp",
    "interested",
    "Ada Lovelace",
    "7d",
    "99999999999d",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01 00:00",
    "9999-12-31T23:00-05:00",
    "2026-02-30",
    "http://",
    "javascript:alert(1)",
    "[/x]",
    "%s%n",
    "'\"",
    "☃ ünïcödé",
    "out.md",
    "sub/missing/out.md",
    ".",
]


# Values that fit, so that hostile ones meet commands that get past parsing and do work.
PLAUSIBLE = {
    "int": ["1", "2", "3"],
    "float": ["0.5", "2000"],
    "str": [
        "neurips2026",
        "icml2026",
        "nlp",
        "transformers",
        "interested",
        "Ada Lovelace",
        "7d",
        "2026-04-01",
        "task",
        "feed",
        "md",
        "bibtex",
        "pwc",
        "csv",
        "paper",
        "Berlin",
        "EUR",
        "attend",
        "topic=3",
        "Europe/Vienna",
        "2026-12-07 10:00",
        "http://127.0.0.1:9/feed.xml",
    ],
    "path": ["programme.csv", "out.md", "sub/missing/out.md", "."],
}


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return [(path, command)]
    return [leaf for name, sub in subcommands.items() for leaf in _leaves(sub, (*path, name))]


COMMANDS = [(path, command) for path, command in _leaves(ROOT_COMMAND) if path not in EXCLUDED]
ROOT_OPTIONS = [name for p in ROOT_COMMAND.params for name in p.opts if name not in ROOT_EXCLUDED]


def _kind(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    # Click's name of the value's type: "int", "int range", "float", "str", "path", ...
    element = param.type.name.split()[0]
    return element if element in {"int", "float", "path"} else "str"


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, its arguments in order and some of its options; each value fitting or hostile."""
    path, command = draw(st.sampled_from(COMMANDS))

    def value(kind: str) -> str:
        pool = PLAUSIBLE[kind] if draw(st.integers(0, 2)) else HOSTILE  # two in three fit
        return draw(st.sampled_from(pool))

    parts: list[str] = []
    if draw(st.integers(0, 9)) == 0:  # now and then a root option first
        parts += [draw(st.sampled_from(ROOT_OPTIONS)), value("str")]
    parts += list(path)
    for param in command.params:
        kind = _kind(param)
        if param.param_type_name == "argument":
            count = (
                draw(st.integers(0, 2)) if param.nargs == -1 else int(param.required or draw(st.booleans()))
            )
            parts += [value(kind) for _ in range(count)]
        elif draw(st.integers(0, 2)) == 0:  # one option in three
            parts += [param.opts[0]] if kind == "flag" else [param.opts[0], value(kind)]
    if draw(st.integers(0, 4)) == 0:  # and now and then something that does not belong
        parts.insert(draw(st.integers(len(path), len(parts))), draw(st.sampled_from(HOSTILE)))
    return parts


def test_the_fuzzed_commands_are_the_tree_minus_the_long_ones() -> None:
    assert len(COMMANDS) >= 45
    assert ("notes", "edit") in dict(COMMANDS) and ("sync",) not in dict(COMMANDS)
    assert "--db" in ROOT_OPTIONS


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,  # the first example pays for the imports; the test as a whole is bounded by the count
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=command_lines())
def test_any_argument_list_exits_0_1_or_2_without_a_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "programme.csv").write_text("title,edition\nA talk,neurips2026\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a fuzzed note\n"), encoding="utf-8"))
    result = cli(*argv)  # an exception escaping run() fails the example with its traceback
    assert result.code in (0, 1, 2), (argv, result.err)
    assert "Traceback" not in result.err, argv
    if result.code:
        assert "tracker: error: " in result.err, (argv, result.err)
