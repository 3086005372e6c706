"""People's and sources' text is printed as written, never read as rich markup."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


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
