"""A database that fails under a command: one line on stderr, exit 1, and a note never lost.

Each failure is real: a second connection holding the write lock, a file opened read-only
by SQLite, a database that may not grow (SQLite's own "disk is full"), a device node, a name
too long for the file system, a parent that is a file.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, Result

KEY = "neurips2026"


def _one_line(result: Result) -> str:
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1 and result.err.startswith("tracker: error: "), result.err
    return result.err


@pytest.fixture
def held_lock(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another writer: a second connection holding BEGIN IMMEDIATE on the test's database."""
    from tracker import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)  # wait 0.1 s, not 15 s, before giving up
    other = sqlite3.connect(isolated / "tracker.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()


def _notes(cli: Cli) -> list[str]:
    import json

    result = cli("notes", "list", "--json")
    assert result.code == 0, result.err
    return [note["body"] for note in json.loads(result.out)]


def test_a_write_meeting_a_held_lock_says_so_and_keeps_the_note(
    cli: Cli, held_lock: sqlite3.Connection, isolated: Path
) -> None:
    result = cli("log-notes", KEY, "--tag", "keep me", "--text", "Words I must not lose")
    line = _one_line(result)
    assert result.code == 1
    assert "is busy: another tracker process is writing to it; try again" in line
    kept = sorted((isolated / "home" / ".local" / "share" / "tracker" / "unsaved").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "Words I must not lose"
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    retry = f"tracker log-notes {KEY} --tag 'keep me' < {kept[0]}"
    assert f"your note is kept in {kept[0]}; to try again: {retry}" in line

    held_lock.rollback()  # the other writer is done: the command shown stores the note
    import io
    import sys

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(kept[0].read_bytes()), encoding="utf-8"))
        again = cli("log-notes", KEY, "--tag", "keep me")
    assert again.code == 0, again.err
    assert _notes(cli) == ["Words I must not lose"]


def test_an_edit_meeting_a_held_lock_keeps_the_new_text(cli: Cli, isolated: Path) -> None:
    assert cli("log-notes", KEY, "--text", "first version").code == 0
    from tracker import db

    db.BUSY_TIMEOUT_MS, saved = 100, db.BUSY_TIMEOUT_MS
    db.dispose_all()  # new connections, with the short timeout
    other = sqlite3.connect(isolated / "tracker.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        result = cli("notes", "edit", "1", "--text", "second version")
    finally:
        other.close()
        db.BUSY_TIMEOUT_MS = saved
    assert result.code == 1 and "tracker notes edit 1 <" in _one_line(result)
    (kept,) = (isolated / "home" / ".local" / "share" / "tracker" / "unsaved").iterdir()
    assert kept.read_text(encoding="utf-8") == "second version"


def test_a_read_only_database_refuses_a_write_in_one_line(cli: Cli, isolated: Path) -> None:
    # SQLite opened read-only: what a file without write permission gives (as root, chmod would not).
    url = f"sqlite:///file:{isolated / 'tracker.db'}?mode=ro&uri=true"
    assert cli("--db", url, "conf", "show", KEY).code == 0  # reading still works
    result = cli("--db", url, "status", KEY, "interested")
    assert result.code == 1
    assert "cannot write to the database" in _one_line(result) and "read-only" in result.err


def test_a_full_disk_is_one_line_and_the_note_is_kept(cli: Cli, isolated: Path) -> None:
    from sqlalchemy import event

    from tracker import db

    engine = db.get_engine()
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def _no_growth(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL once it would grow

    engine.dispose()
    result = cli("log-notes", KEY, "--text", "x" * 500_000)
    assert result.code == 1
    assert "the disk is full" in _one_line(result) and "your note is kept in" in result.err


def test_a_device_node_is_not_a_database(cli: Cli) -> None:
    result = cli("--db", "/dev/null", "conf", "list")
    assert result.code == 1 and "/dev/null is not a regular file" in _one_line(result)


def test_a_name_too_long_is_one_short_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("--db", str(tmp_path / ("a" * 5000)), "conf", "list")
    line = _one_line(result)
    assert result.code == 1 and "File name too long" in line and len(line) < 400


def test_a_parent_that_is_a_file_is_one_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("not a folder", encoding="utf-8")
    result = cli("--db", str(tmp_path / "plain.txt" / "sub" / "t.db"), "conf", "list")
    assert result.code == 1 and "Not a directory" in _one_line(result)


def test_a_long_backup_name_is_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("db", "backup", str(tmp_path / ("b" * 5000)))
    assert result.code == 1 and "File name too long" in _one_line(result)


def test_a_database_others_can_read_is_made_private_when_opened(cli: Cli, isolated: Path) -> None:
    path = isolated / "tracker.db"
    path.chmod(0o644)
    assert cli("conf", "show", KEY).code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    wal = path.with_name("tracker.db-wal")
    assert not wal.exists() or stat.S_IMODE(wal.stat().st_mode) & 0o077 == 0


def test_a_read_only_database_file_stays_read_only(cli: Cli, isolated: Path) -> None:
    # Private, yes; writable, no: taking away others' access must not give the owner write access.
    from tracker import db

    path = isolated / "tracker.db"
    path.chmod(0o444)
    db.get_engine()
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
