"""People's and sources' text is printed as written, never read as rich markup."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import Cli
from tracker.cli.plain import Unsupported


def test_a_name_that_looks_like_markup_prints_literally(cli: Cli) -> None:
    name = "Ada [/x] [bold]Lovelace"
    assert cli("contacts", "add", name, "--affiliation", "[red]Engines").code == 0
    listed = cli("contacts", "list")
    assert listed.code == 0, listed.err
    assert "[/x]" in listed.out and "[bold]Lovelace" in listed.out and "[red]Engines" in listed.out


def test_a_database_path_with_brackets_is_shown_as_is(tmp_path: Path, cli: Cli) -> None:
    odd = tmp_path / "data[1]" / "t[x].db"
    result = cli("--db", str(odd), "db", "info")
    assert result.code == 0, result.err
    assert "t[x].db" in result.out
    backup = cli("--db", str(odd), "db", "backup", str(tmp_path / "copy[2].db"))
    assert backup.code == 0 and "copy[2].db" in backup.err


def test_status_lines_print_brackets_once_and_unescaped(tmp_path: Path, cli: Cli) -> None:
    # Status lines go to stderr literally (render.info); escaping them for rich markup
    # as well would print "\[keynote]".
    steps = [
        (("talks", "add", "neurips2026", "[keynote] scaling laws"), "Added talk #1: [keynote] scaling laws"),
        (("plan", "add", "neurips2026", "[poster] diffusion"), "Added task 1: [poster] diffusion"),
        (("plan", "done", "neurips2026", "1"), "Done: 1. [poster] diffusion"),
        (("contacts", "add", "Ada [x] Lovelace"), "Added contact Ada [x] Lovelace (#1)"),
        (
            ("contacts", "follow-up", "Ada", "--on", "7d", "--what", "[urgent] send slides"),
            "Follow-up 1: [urgent] send slides with Ada [x] Lovelace by 2026-03-08",
        ),
        (("followups", "--done", "1"), "Done: follow-up 1 with Ada [x] Lovelace ([urgent] send slides)"),
        (("reading-list", "add", "[RFC] attention", "--topic", "transformers"), "Added #1: [RFC] attention"),
        (("reading-list", "done", "1"), "#1 [RFC] attention: done"),
        (("log-notes", "neurips2026", "--text", "[draft] idea"), "Saved note 1 on"),
        (("notes", "rm", "1"), "Deleted note 1 (neurips2026: [draft] idea)"),
        (("summary", "neurips2026", "--out", str(tmp_path / "trip[1].md")), "trip[1].md"),
    ]
    for args, expected in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        assert expected in result.err, (args, result.err)
        assert "\\[" not in result.err, (args, result.err)


# --- the plain writer prints what rich prints off a terminal ------------------------------

WORDS = [
    "nlp",
    "NeurIPS",
    "2026-12-06",
    "→",
    "≈",
    "机器学习",
    "深度",
    "a",
    "[bold]x[/]",
    "[/x]",
    "\\[y]",
    "supercalifragilistic-expialidocious",
    "12:00",
    ":smile:",
    "",
    "—",
    "Vancouver,",
    "Ünïcode",
    "é",
]


def _rich_print(width: int, *objects: object, **options: object) -> str:
    import io

    from rich.console import Console as RichConsole

    from tracker.cli.render import _as_rich

    out = io.StringIO()
    console = RichConsole(file=out, width=width, highlight=False, soft_wrap=False, color_system=None)
    console.print(*(_as_rich(o) for o in objects), **options)  # type: ignore[arg-type]
    return out.getvalue()


def _plain_print(width: int, *objects: object, **options: object) -> str:
    import io

    from tracker.cli.plain import Writer

    out = io.StringIO()
    writer = Writer(out)
    writer.width = width
    writer.print(*objects, **options)  # type: ignore[arg-type]
    return out.getvalue()


def _phrase(rng: random.Random, most: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, most)))


def test_plain_text_lines_match_rich_at_every_width() -> None:
    rng = random.Random(14)
    for _ in range(400):
        text = "\n".join(_phrase(rng, 14) for _ in range(rng.randint(1, 3)))
        width = rng.choice([1, 5, 12, 20, 40, 80, 120])
        for options in ({}, {"markup": False}, {"soft_wrap": True, "markup": False}, {"end": ""}):
            try:
                plain = _plain_print(width, text, **options)
            except Unsupported:
                continue
            assert plain == _rich_print(width, text, **options), (text, width, options)


def test_plain_tables_match_rich_at_every_width() -> None:
    from tracker.cli import render

    rng = random.Random(1)
    checked = 0
    for _ in range(300):
        ncols = rng.randint(1, 5)
        names = [_phrase(rng, 2) or "#" for _ in range(ncols)]
        rows = [[_phrase(rng, 8) for _ in range(ncols)] for _ in range(rng.randint(0, 4))]
        width = rng.choice([20, 40, 60, 80, 120])
        table = render.Table(title=_phrase(rng, 4) or None)
        for name in names:
            table.add_column(
                name,
                justify=rng.choice(["left", "right"]),
                no_wrap=rng.random() < 0.3,
                overflow=rng.choice(["fold", "ellipsis"]),
                min_width=rng.choice([None, None, 3, 10]),
                max_width=rng.choice([None, None, 8, 30]),
            )
        for row in rows:
            table.add_row(*(render.Text(cell, "bold") if rng.random() < 0.5 else cell for cell in row))
        try:
            plain = _plain_print(width, table)
        except Unsupported:
            continue
        checked += 1
        assert plain == _rich_print(width, table), (names, rows, width)
    assert checked > 100  # the rest hold markup rich refuses ("[/x]" in a str cell)


def test_the_tables_of_the_commands_match_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.cli import render

    monkeypatch.setenv("COLUMNS", "80")
    rows = [
        ("neurips2026", "2026-12-06 → 12-12", "San Diego, United States"),
        ("iclr2026", "—", "机器学习 大会"),
    ]
    for table in (
        render.table("2 editions", ["Key", "Dates", "Place"], rows),
        render.column_table(
            "2 editions", ["Key", "Dates", "Place"], [tuple(r) for r in rows], ["bold red", ""]
        ),
    ):
        assert _plain_print(80, table) == _rich_print(80, table)


@pytest.mark.parametrize(
    "argv",
    [
        ["conf", "list"],
        ["conf", "show", "neurips2026"],
        ["upcoming"],
        ["db", "info"],
        ["notes", "search", "model"],
    ],
)
def test_a_piped_catalog_command_prints_without_rich(db_url: str, argv: list[str]) -> None:
    """Off a terminal the tables are drawn by tracker.cli.plain: rich's console is never imported,
    and upcoming, without passports in the profile, reads no person's statuses."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        f"assert run(['--db', {db_url!r}, *{argv!r}]) == 0\n"
        "heavy = ('rich.console', 'rich.table', 'tracker.models.personal', 'tracker.models.learning')\n"
        "print('LOADED=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    # db info counts every table by the schema script's names; notes search reads plain columns
    assert loaded == "LOADED="
