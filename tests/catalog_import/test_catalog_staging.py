"""Building an import on a private copy and writing back what changed (``importers.staging``).

Another process is played by a second SQLite connection with no busy timeout at all: it
fails at once if the build holds the write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import cjk
from tracker.catalog.importers.staging import CatalogMoved, build_then_write
from tracker.models.catalog import Edition
from tracker.models.learning import Talk


def other_process(db_url: str) -> Callable[[str], None]:
    """Run one statement and commit, as another process would, without waiting for any lock."""
    path = db_url.removeprefix("sqlite:///")

    def execute(sql: str) -> None:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
        cjk.register(conn)  # as every tracker process has it: the notes' index calls it
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql)
            conn.execute("COMMIT")
        finally:
            conn.close()

    return execute


def edition(session: Session, key: str) -> Edition:
    found = session.scalar(select(Edition).where(Edition.key == key))
    assert found is not None
    return found


def read(db_url: str, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_build_holds_no_lock_and_a_note_written_meanwhile_costs_no_second_build(db_url: str) -> None:
    write = other_process(db_url)
    builds: list[int] = []

    def build(session: Session) -> int:
        builds.append(1)
        write("INSERT INTO note (edition_id, body, created_at) "
              "SELECT id, 'written while building', '2026-03-01 12:00:00.000000' FROM edition "
              "WHERE key = 'neurips2026'")  # fmt: skip
        edition(session, "icml2026").note = "built on the copy"
        return len(builds)

    assert build_then_write(db_url, build, keep=lambda _n: True) == 1
    assert read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'") == [("built on the copy",)]
    assert read(db_url, "SELECT body FROM note") == [("written while building",)]


def test_a_catalog_changed_while_building_is_built_again_on_a_fresh_copy(db_url: str) -> None:
    write = other_process(db_url)
    builds: list[str | None] = []

    def build(session: Session) -> int:
        builds.append(edition(session, "neurips2026").venue)  # what this copy saw
        if len(builds) == 1:
            write("UPDATE edition SET venue = 'moved meanwhile' WHERE key = 'neurips2026'")
        edition(session, "icml2026").note = "built on the copy"
        return len(builds)

    assert build_then_write(db_url, build, keep=lambda _n: True) == 2
    assert builds[1] == "moved meanwhile" != builds[0]
    assert read(db_url, "SELECT venue FROM edition WHERE key = 'neurips2026'") == [("moved meanwhile",)]
    assert read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'") == [("built on the copy",)]


def test_a_catalog_that_keeps_changing_stores_nothing(db_url: str) -> None:
    write = other_process(db_url)
    before = read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'")

    def build(session: Session) -> None:
        write("UPDATE edition SET venue = venue || '.' WHERE key = 'neurips2026'")
        edition(session, "icml2026").note = "never stored"

    with pytest.raises(CatalogMoved, match="nothing stored: run it again"):
        build_then_write(db_url, build, keep=lambda _n: True)
    assert read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'") == before


def test_nothing_is_written_when_the_result_is_not_kept(db_url: str) -> None:
    before = read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'")

    def build(session: Session) -> str:
        edition(session, "icml2026").note = "a dry run"
        return "dry"

    assert build_then_write(db_url, build, keep=lambda result: result != "dry") == "dry"
    assert read(db_url, "SELECT note FROM edition WHERE key = 'icml2026'") == before


def test_a_deleted_row_whose_id_the_copy_reuses_takes_what_hangs_on_it_along(
    db_url: str, tmp_path: Path
) -> None:
    from tracker import db

    with db.session(db_url, write=True) as s:
        old = Edition(
            series_id=edition(s, "icml2026").series_id, year=2031, key="icml2031", title="ICML 2031"
        )
        s.add(old)
        s.flush()
        s.add(Talk(edition_id=old.id, title="A talk on the old row", title_key="a talk on the old row"))
        old_id = old.id
    assert read(db_url, "SELECT max(id) FROM edition") == [(old_id,)]

    def build(session: Session) -> int:
        session.delete(edition(session, "icml2031"))
        session.flush()
        new = Edition(
            series_id=edition(session, "icml2026").series_id, year=2032, key="icml2032", title="ICML 2032"
        )
        session.add(new)
        session.flush()
        return new.id

    assert build_then_write(db_url, build, keep=lambda _id: True) == old_id  # SQLite reused the id
    assert read(db_url, f"SELECT key FROM edition WHERE id = {old_id}") == [("icml2032",)]
    # The talk went with the deleted edition (ON DELETE CASCADE), as it did in the copy.
    assert read(db_url, "SELECT count(*) FROM talk") == [(0,)]
