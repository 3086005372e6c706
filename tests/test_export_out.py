"""Every export's --out: a new file, or a regular file with --force; never anything else."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli

# Each command that writes a person's file with --out, and what its output holds.
EXPORTS = {
    "contacts": (["contacts", "export"], "BEGIN:VCARD"),
    "summary": (["summary", "neurips2026"], "# After"),
    "calendar": (["calendar", "export"], "BEGIN:VCALENDAR"),
    "reading-list": (["reading-list", "export", "--format", "md"], "# Reading list"),
}


@pytest.fixture
def something_to_export(cli: Cli) -> None:
    assert cli("contacts", "add", "Ada Lovelace").code == 0
    assert cli("reading-list", "add", "Attention Is All You Need", "--topic", "transformers").code == 0


@pytest.mark.parametrize("name", EXPORTS)
def test_an_existing_file_is_kept_without_force_and_replaced_with_it(
    cli: Cli, something_to_export: None, tmp_path: Path, name: str
) -> None:
    args, marker = EXPORTS[name]
    out = tmp_path / "precious.txt"
    out.write_text("precious\n", encoding="utf-8")
    kept = cli(*args, "--out", str(out))
    assert kept.code == 1
    assert kept.err.strip() == f"tracker: error: {out} exists; choose a new file name or pass --force"
    assert out.read_text(encoding="utf-8") == "precious\n"
    replaced = cli(*args, "--out", str(out), "--force")
    assert replaced.code == 0, replaced.err
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("kind", ["fifo", "symlink-to-fifo"])
def test_a_fifo_or_a_symlink_is_refused_even_with_force(
    cli: Cli, something_to_export: None, tmp_path: Path, name: str, kind: str
) -> None:
    args, _marker = EXPORTS[name]
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    out = pipe if kind == "fifo" else tmp_path / "link"
    if kind != "fifo":
        out.symlink_to(pipe)
    result = cli(*args, "--out", str(out), "--force")
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert result.err.startswith(f"tracker: error: cannot write {out}: it is a ")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert stat.S_ISLNK(os.lstat(out).st_mode) == (kind != "fifo")


@pytest.mark.parametrize("name", EXPORTS)
def test_a_directory_is_refused(cli: Cli, something_to_export: None, tmp_path: Path, name: str) -> None:
    args, _marker = EXPORTS[name]
    folder = tmp_path / "folder"
    folder.mkdir()
    result = cli(*args, "--out", str(folder), "--force")
    assert result.code == 1
    assert result.err.strip() == f"tracker: error: cannot write {folder}: it is a directory"
    assert folder.is_dir() and not any(folder.iterdir())
