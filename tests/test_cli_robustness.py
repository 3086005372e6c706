"""Every command meets every kind of bad argument with one line on stderr and the rule's exit code.

The rule (README.md, "Exit status"): 2 when an argument is malformed or names something
unknown -- an unknown option, text that is not UTF-8, an integer SQLite cannot store, an
empty value, an unknown edition key, a missing input file --, 1 when a well-formed request
cannot be done (here: an output file in a folder that does not exist).

The commands are found by walking the Typer command tree (as tests/test_docs.py does), so a
new command or option is covered by itself; a required parameter this file cannot fill
fails loudly below and asks for an entry in VALID.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.conftest import FIXED_NOW, Cli
from tracker.cli.app import root_app
from tracker.cli.guard import EMPTY_MEANS_CLEAR

ROOT_COMMAND = typer.main.get_command(root_app())
FIXTURES = Path(__file__).parent / "catalog_import" / "fixtures"
KEY = "neurips2026"
UNKNOWN_KEY = "zznosuchconf2026"
NOT_UTF8 = "caf\udce9"  # what Python makes of the bytes caf\xe9 on the command line
HUGE = str(10**22)
# The data every command can name: made once per run (see ``world``), copied per test.
WORLD = [
    ("contacts", "add", "Ada Lovelace"),
    ("contacts", "follow-up", "Ada Lovelace", "--on", "7d", "--what", "write"),
    ("log-notes", KEY, "--text", "a note"),
    ("talks", "add", KEY, "A talk"),
    ("plan", "add", KEY, "Book the flight", "--kind", "task"),
    ("reading-list", "add", "A paper"),
    ("sources", "add", "papers", "http://127.0.0.1:9/feed.xml", "--kind", "feed"),
]
# A valid value for each required parameter, by command and parameter name (or name alone).
VALID: dict[str, str] = {
    "key": KEY,
    "edition": KEY,
    "status": "interested",
    "note_id": "1",
    "note_ids": "1",
    "talk_id": "1",
    "talk_ids": "1",
    "ids": "1",
    "n": "1",
    "name": "Ada Lovelace",
    "sources rm name": "papers",
    "sources add name": "papers2",
    "url": "http://127.0.0.1:9/other.xml",
    "kind": "feed",
    "plan add kind": "task",
    "text": "Book the hotel",
    "title": "Another talk",
    "words": "Ada",
    "topics": "nlp",
    "on": "7d",
    "what": "write",
    "contacts add name": "Grace Hopper",
    "reading-list export fmt": "md",
    "fmt": "pwc",
    "import path": str(FIXTURES / "pwc" / "conferences.yml"),
    "talks import file": "{tmp}/programme.csv",
    "reading_id": "1",
    "reading-list import file": str(Path(__file__).parent / "learning" / "fixtures" / "refs.bib"),
    "db backup file": "{tmp}/backup.db",
    "calendar feed out": "{tmp}/mine.ics",
    "site build folder": "{tmp}/site",
}
# Parameters that name an edition (a conference and year, or a series for --series).
KEY_PARAMETERS = {"key", "edition", "met", "series", "why"}
# Paths the command writes (a missing folder: cannot be done, exit 1); any other path is read
# (missing: an unknown argument, exit 2).
OUTPUT_PATHS = {"out", "plot", "db backup file", "site build folder"}


def _leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path, command
        return
    for name, sub in subcommands.items():
        yield from _leaves(sub, (*path, name))


COMMANDS = list(_leaves(ROOT_COMMAND))


def _kind(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    # Click's name of the value's type: "int", "int range", "float", "str", "path", ...
    element = param.type.name.split()[0]
    return element if element in {"int", "float", "str", "path"} else "other"


def _lookup(path: tuple[str, ...], name: str) -> str:
    for key in (" ".join((*path, name)), " ".join((*path[-1:], name)), name):
        if key in VALID:
            return VALID[key]
    raise KeyError(f"tests/test_cli_robustness.py: add a valid value for {' '.join(path)} {name} to VALID")


@dataclass(frozen=True)
class Case:
    path: tuple[str, ...]
    kind: str  # what is wrong
    param: str  # which parameter carries it ("" for the whole command)
    value: str
    code: int  # the rule's exit code

    @property
    def label(self) -> str:
        return f"{' '.join(self.path)}:{self.kind}:{self.param}"


def _argv(path: tuple[str, ...], command: Any, bad: dict[str, str], tmp: Path) -> list[str]:
    """The command line: every required parameter valid, the parameters in ``bad`` replaced."""
    positional: list[str] = []
    options: list[str] = []
    for param in command.params:
        if param.name in bad:
            value = bad[param.name].replace("{tmp}", str(tmp))
        elif param.required:
            value = _lookup(path, param.name).replace("{tmp}", str(tmp))
        else:
            continue
        if param.param_type_name == "argument":
            positional.append(value)
        else:
            options += [param.opts[0], value]
    return [*path, *positional, *options]


def _cases() -> list[Case]:
    cases = []
    for path, command in COMMANDS:
        cases.append(Case(path, "unknown-option", "", "--no-such-option", 2))
        texts = [p for p in command.params if _kind(p) == "str"]
        cases.append(Case(path, "not-utf8", texts[0].name if texts else "", NOT_UTF8, 2))
        for param in command.params:
            kind, name = _kind(param), param.name
            option = param.opts[0]
            if kind == "int":
                cases.append(Case(path, "huge-integer", name, HUGE, 2))
            if kind in ("str", "path") and " ".join((*path, option)) not in EMPTY_MEANS_CLEAR:
                cases.append(Case(path, "empty", name, "", 2))
            if kind == "str" and name in KEY_PARAMETERS:
                cases.append(Case(path, "unknown-key", name, UNKNOWN_KEY, 2))
            if kind == "path":
                output = name in OUTPUT_PATHS or " ".join((*path, name)) in OUTPUT_PATHS
                suffix = {"plot": ".png", "file": ".csv", "text": ".txt"}.get(name, ".yml")
                cases.append(
                    Case(path, "missing-file", name, f"{{tmp}}/missing/f{suffix}", 1 if output else 2)
                )
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def world(database_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database with a contact, a follow-up, a note, a talk, a plan item, a reading, a source."""
    from tracker import db
    from tracker.cli.app import run

    path = tmp_path_factory.mktemp("world") / "tracker.db"
    shutil.copy2(database_templates["seeded"], path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_DB", str(path))
        patch.setenv("TRACKER_NOW", FIXED_NOW)
        for args in WORLD:
            assert run(list(args)) == 0, args
        db.dispose_all()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def in_world(world: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(isolated)  # a relative path a case makes by mistake lands here
    shutil.copy2(world, isolated / "tracker.db")
    (isolated / "programme.csv").write_text("title\nA talk\n", encoding="utf-8")  # give --edition
    return isolated


def test_the_walk_covers_every_command_and_kind() -> None:
    # A tree walked wrong would pass by testing nothing.
    assert len(COMMANDS) >= 50
    assert {("notes", "show"), ("demo", "mlp"), ("db", "backup"), ("upcoming",)} <= {p for p, _ in COMMANDS}
    kinds = {case.kind for case in CASES}
    assert kinds == {"unknown-option", "not-utf8", "huge-integer", "empty", "unknown-key", "missing-file"}


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_a_bad_argument_is_one_line_and_the_rules_exit_code(cli: Cli, in_world: Path, case: Case) -> None:
    command = dict(COMMANDS)[case.path]
    argv = _argv(case.path, command, {case.param: case.value} if case.param else {}, in_world)
    if not case.param:
        argv.append(case.value)  # an unknown option, or text where no parameter takes any
    result = cli(*argv)
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1 and result.err.startswith("tracker: error: "), result.err
    assert result.code == case.code, result.err
    if case.kind in ("empty", "huge-integer"):
        assert "Invalid value for" in result.err  # Click's words, followed by the parameter's name
    elif case.kind == "missing-file":  # names the file, or the folder that is missing
        assert str(in_world / "missing") in result.err, result.err
    else:  # the line quotes what is wrong
        assert case.value.replace(NOT_UTF8, "caf\\xe9") in result.err, result.err


def test_the_good_arguments_of_the_walk_are_good(cli: Cli, in_world: Path) -> None:
    # Each case differs from a valid command line in one argument only: check some are valid.
    for path in (("notes", "show"), ("plan", "done"), ("talks", "show"), ("contacts", "show"), ("import",)):
        command = dict(COMMANDS)[path]
        result = cli(*_argv(path, command, {}, in_world))
        assert result.code == 0, (path, result.err)


# ---- the root's --db, and what the walk's one-bad-value cases cannot reach ----------------


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--db", "", "db", "info"], 2, "Invalid value for '--db': empty value"),
        (["--db", NOT_UTF8, "db", "info"], 2, "argument 'caf\\xe9' is not valid UTF-8"),
        (["--db", "/dev/null", "db", "info"], 1, "/dev/null is not a regular file"),
        (["recommend", "--interests", ""], 2, "Invalid value for '--interests': empty value"),
        (["recommend", "--budget", "nan"], 2, "nan is not a finite number"),
        (["notes", "show", HUGE], 2, f"{HUGE} is out of range"),
        (["notes", "show", "a\x00b"], 2, "contains a NUL character"),
        (["upcoming", "--within", "99999999999d"], 2, "--within: at most 3650 days"),
        (["reading-list", "done", "1", "--undo", "--reading"], 2, "--undo and --reading contradict"),
        (["conf", "show", UNKNOWN_KEY], 2, f"unknown conference '{UNKNOWN_KEY}'"),
        (["import", "{tmp}/nope.yml", "--format", "pwc"], 2, "no such file or directory"),
    ],
)
def test_one_line_and_the_rules_code(cli: Cli, in_world: Path, args: list[str], code: int, says: str) -> None:
    result = cli(*(arg.replace("{tmp}", str(in_world)) for arg in args))
    assert result.err.count("\n") == 1 and result.err.startswith("tracker: error: "), result.err
    assert result.code == code and says in result.err, result.err


@pytest.mark.parametrize("now", ["0001-01-01", "9999-12-31", "1969-12-31T23:59:59Z", "3000-01-01"])
def test_a_pinned_clock_outside_the_supported_range_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    monkeypatch.setenv("TRACKER_NOW", now)
    for command in (["upcoming"], ["recommend", "--home", "Berlin"], ["conf", "list"]):
        result = cli(*command)
        assert result.code == 2 and result.err.count("\n") == 1, result.err
        assert "the supported dates run from 1970-01-01 to 2999-12-31" in result.err


@pytest.mark.parametrize("now", ["1970-01-01", "2999-12-31T23:59:59Z"])
def test_the_ends_of_the_supported_range_work(cli: Cli, monkeypatch: pytest.MonkeyPatch, now: str) -> None:
    monkeypatch.setenv("TRACKER_NOW", now)
    for command in (["upcoming", "--within", "3650d"], ["recommend", "--home", "Berlin"], ["conf", "list"]):
        result = cli(*command)
        assert result.code == 0, (command, result.err)


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "add", KEY, "Book the flight", "--kind", "task", "--due", "9999-12-31"],
        ["talks", "add", KEY, "A talk", "--start", "0001-01-01 00:00", "--tz", "Europe/Vienna"],
        ["talks", "add", KEY, "A talk", "--start", "9999-12-31T23:00-05:00"],
    ],
)
def test_a_typed_day_outside_the_range_is_refused(cli: Cli, in_world: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "is out of range: the supported dates run from" in result.err


def test_a_csv_field_over_128_kib_names_the_row_and_field(cli: Cli, in_world: Path) -> None:
    path = in_world / "long.csv"
    abstract = "word " * 30_000  # 150,000 characters: past the csv module's own limit
    path.write_text(f"edition,title,abstract\n{KEY},Short talk,short\n{KEY},Long talk,{abstract}\n")
    result = cli("talks", "import", str(path))
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert "long.csv row 3: field 'abstract' is 150,000 characters long (at most 131,072)" in result.err
    # A long field under the limit is read.
    path.write_text(f"edition,title,abstract\n{KEY},Long talk,{'word ' * 20_000}\n")
    assert cli("talks", "import", str(path)).code == 0
    assert csv.field_size_limit() == 131072  # restored for everyone else in the process


def test_the_same_topic_twice_is_one_topic(cli: Cli, in_world: Path) -> None:
    # Found by tests/test_cli_fuzz.py: a UNIQUE constraint traceback.
    result = cli("talks", "topics", "1", "transformers", "transformers", "--json")
    assert result.code == 0, result.err
    assert [t["topic"] for t in json.loads(result.out)["topics"]] == ["transformers"]
