"""People's and sources' text is printed as written, never read as rich markup."""

from __future__ import annotations

from pathlib import Path


def test_a_name_that_looks_like_markup_prints_literally(cli) -> None:
    name = "Ada [/x] [bold]Lovelace"
    assert cli("contacts", "add", name, "--affiliation", "[red]Engines").code == 0
    listed = cli("contacts", "list")
    assert listed.code == 0, listed.err
    assert "[/x]" in listed.out and "[bold]Lovelace" in listed.out and "[red]Engines" in listed.out


def test_a_database_path_with_brackets_is_shown_as_is(tmp_path: Path, cli) -> None:
    odd = tmp_path / "data[1]" / "t[x].db"
    result = cli("--db", str(odd), "db", "info")
    assert result.code == 0, result.err
    assert "t[x].db" in result.out
    backup = cli("--db", str(odd), "db", "backup", str(tmp_path / "copy[2].db"))
    assert backup.code == 0 and "copy[2].db" in backup.err
