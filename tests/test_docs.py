"""The documentation and the command line agree (in the manner of sqlite-utils' test_docs).

Every ``tracker …`` command shown in README.md exists, with the options it shows; every
command, group, option and argument has a help text; every hint the tool prints that
names a command (``… tracker sources add NAME URL --kind KIND``) names one that exists.
"""

from __future__ import annotations

import ast
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from tracker.cli.app import root_app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# "tracker" in prose, not the start of a command: "a tracker database", "Written by tracker on".
PROSE_AFTER_TRACKER = {"database", "schema", "processes", "process", "say", "on", "must"}
# A hint or example ends at one of these: "… tracker changes), …", "`tracker mine`".
END_OF_COMMAND = re.compile(r"[,;`)(\n]|\. |\.$| \.\.\.| or | — | # ")

ROOT_COMMAND = typer.main.get_command(root_app())


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def _command(path: tuple[str, ...]) -> Any:
    command: Any = ROOT_COMMAND
    for name in path:
        command = command.commands[name]
    return command


ALL_PATHS = list(_walk(ROOT_COMMAND, ()))


def _label(path: tuple[str, ...]) -> str:
    return " ".join(("tracker", *path))


def resolve(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Split ``tracker plan add KEY …`` into the command path and the rest; raise if no such command.

    Prose may name alternatives (``profile set|show``: each must exist) or a placeholder
    for the last word (``demo NAME``); a placeholder followed by more words is an error,
    as in the old ``plan KEY add``.
    """
    command: Any = ROOT_COMMAND
    path: tuple[str, ...] = ()
    rest = list(words)
    while rest and hasattr(command, "commands") and not rest[0].startswith("-"):
        name = rest.pop(0)
        if _placeholder(name) and not any(not w.startswith("-") for w in rest):
            return path, []
        known = command.commands
        for alternative in name.split("|"):
            if alternative not in known:
                raise LookupError(
                    f"{_label(path)} has no command {alternative!r} (it has: {', '.join(known)})"
                )
        command, path = known[name.split("|")[0]], (*path, name.split("|")[0])
    return path, rest


def _placeholder(word: str) -> bool:
    return word.isupper()  # NAME, KEY, or X: an f-string's {value}


def unknown_options(path: tuple[str, ...], rest: list[str]) -> list[str]:
    """The ``--options`` in ``rest`` that the command does not take."""
    command = _command(path)
    known = {name for param in command.params for name in (*param.opts, *param.secondary_opts)}
    known |= {"--help", "-h", "--lang", "--db"}  # the root's, which every command also takes after it
    named = [word.split("=", 1)[0] for word in rest if word.startswith("-") and len(word) > 1]
    return [name for name in named if name not in known]


# ---- README -----------------------------------------------------------------------


def _readme_commands() -> list[tuple[int, str, bool]]:
    """(line number, command line, is a full example from a code block) for every ``tracker …``."""
    found: list[tuple[int, str, bool]] = []
    in_block, pending, start = False, "", 0
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            text = (pending + " " + line.strip()) if pending else line.strip()
            start = start if pending else number
            if text.endswith("\\"):
                pending = text[:-1]
                continue
            pending = ""
            for part in text.split("&&"):
                part = part.strip()
                if part.startswith("tracker "):
                    found.append((start, part, True))
            continue
        for span in re.findall(r"`(tracker [^`]*)`", line):
            found.append((number, span, False))
    return found


README_COMMANDS = _readme_commands()

# A relative link or image of a Markdown file: ](path) or ](path#part), not a URL or an anchor.
RELATIVE_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]+)")


@pytest.mark.parametrize("page", ["README.md", "README.zh-CN.md", "docs/DESIGN.md"])
def test_the_relative_links_of_the_docs_are_committed_files(page: str) -> None:
    # A screenshot caught by .gitignore's *.png passed every other test and showed as a broken image.
    import subprocess

    tracked = set(
        subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    )
    if not tracked:
        pytest.skip("not a git checkout (an unpacked sdist): nothing to compare with")
    source = ROOT / page
    targets = RELATIVE_LINK.findall(source.read_text(encoding="utf-8"))
    missing = [
        t
        for t in targets
        if (source.parent / t).resolve().relative_to(ROOT).as_posix() not in tracked
        and not (source.parent / t).resolve().is_dir()
    ]
    assert not missing, f"{page} links to files that are not committed: {missing}"


def test_the_readme_shows_commands() -> None:
    # The reader finds the examples: a README in another shape must not pass by showing none.
    first_words = {shlex.split(text)[1] for _, text, _ in README_COMMANDS}
    assert len(README_COMMANDS) > 40
    assert first_words >= {"recommend", "plan", "notes", "contacts", "sync"}, first_words


@pytest.mark.parametrize(
    ("line", "text", "example"), README_COMMANDS, ids=[f"README:{n}:{c}" for n, c, _ in README_COMMANDS]
)
def test_readme_commands_exist(line: int, text: str, example: bool) -> None:
    words = shlex.split(text, comments=True)[1:]
    try:
        path, rest = resolve(words)
    except LookupError as exc:
        pytest.fail(f"README.md line {line}: `{text}`: {exc}")
    wrong = unknown_options(path, rest)
    assert not wrong, f"README.md line {line}: `{text}`: {_label(path)} has no option {', '.join(wrong)}"
    if example:
        # A full example must parse as typed: arguments, option values, types. Parsing runs no command.
        command = _command(path)
        try:
            command.make_context(_label(path), rest)
        except Exception as exc:  # click's usage errors
            pytest.fail(f"README.md line {line}: `{text}` does not parse: {exc}")


# ---- help texts --------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_PATHS, ids=[_label(p) for p in ALL_PATHS])
def test_every_command_and_group_has_help(path: tuple[str, ...]) -> None:
    command = _command(path)
    assert (command.help or command.short_help or "").strip(), f"{_label(path)} has no help text"


@pytest.mark.parametrize("path", ALL_PATHS, ids=[_label(p) for p in ALL_PATHS])
def test_every_option_and_argument_has_help(path: tuple[str, ...]) -> None:
    command = _command(path)
    missing = [param.opts[0] for param in command.params if not (getattr(param, "help", None) or "").strip()]
    assert not missing, f"{_label(path)}: no help for {', '.join(missing)}"


# ---- hints the tool prints ---------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of ``tree``'s module, classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^{}]*)?\}")


def _strings(tree: ast.AST, *, docstrings: bool) -> Iterator[tuple[int, str]]:
    """Every string literal, f-strings with each {value} as X: "tracker plan add X …"."""
    skipped = set() if docstrings else _docstrings(tree)  # and, below, the parts of f-strings
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                    skipped.add(id(value))
                else:
                    parts.append("X")
            yield node.lineno, "".join(parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            # A message of the catalog, _("… tracker agenda {key} …").format(key=…): {key} is X too.
            yield node.lineno, PLACEHOLDER.sub("X", node.value)


def _hints() -> list[tuple[str, str]]:
    """(where, command text) for every ``tracker WORD…`` in the package's strings."""
    found = []
    for file in sorted((ROOT / "tracker").rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        # Docstrings are printed only in cli/, where Typer shows a command's as its help.
        for lineno, text in _strings(tree, docstrings=file.parent.name == "cli"):
            # A lookahead, so that "…, or tracker talks import FILE" is found after "tracker talks add".
            for match in re.finditer(r"\btracker (?=([a-z].*))", text):
                command = END_OF_COMMAND.split(match.group(1), maxsplit=1)[0].strip()
                first = re.match(r"[a-z-]*", command)
                if first is not None and first.group() in PROSE_AFTER_TRACKER:
                    continue
                found.append((f"{file.relative_to(ROOT)}:{lineno}", command))
    return found


HINTS = _hints()


def test_hints_are_found() -> None:
    texts = {text for _, text in HINTS}
    assert 'plan add X "TEXT" --kind task' in texts, sorted(texts)
    assert "sources add --help" in texts
    assert len(HINTS) > 15


@pytest.mark.parametrize(("where", "text"), HINTS, ids=[f"{w}:{t}" for w, t in HINTS])
def test_hints_name_commands_that_exist(where: str, text: str) -> None:
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote in prose
        words = text.split()
    try:
        path, rest = resolve(words)
    except LookupError as exc:
        pytest.fail(f"{where}: `tracker {text}`: {exc}")
    wrong = unknown_options(path, rest)
    assert not wrong, f"{where}: `tracker {text}`: {_label(path)} has no option {', '.join(wrong)}"


def test_resolve_names_the_missing_command() -> None:
    # The old word order of `plan` must not pass as a command.
    with pytest.raises(LookupError, match="tracker plan has no command 'neurips2026'"):
        resolve(["plan", "neurips2026", "add", "x"])
    assert resolve(["plan", "add", "neurips2026", "x"]) == (("plan", "add"), ["neurips2026", "x"])
    assert unknown_options(("plan", "add"), ["--kind", "task", "--colour=red"]) == ["--colour"]


def test_a_missing_cli_module_is_an_error_not_a_smaller_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.cli import app as app_module

    monkeypatch.setattr(app_module, "NOUN_MODULES", ("no_such_room",))
    with pytest.raises(ModuleNotFoundError, match=r"tracker\.cli\.no_such_room"):
        app_module.root_app()
