"""The first run's fast path makes the same database as the migrations and the ORM's flush.

A new file is created from the schema script and the bundled catalog is written with bulk
inserts; the reference is the slow path every older database still takes: the Alembic
migrations one by one, and the seed's objects written by the ORM's unit of work. Both are
compared whole: every schema object's SQL, and every row of every table, ids included.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.first_run


def _table_sql(sql: str) -> tuple[str, ...]:
    """A CREATE TABLE's text with its constraints as a set: the migrations' batch copies write
    them in no fixed order (two runs of the same migrations differ), the columns in order."""
    head, _, body = sql.partition("(")
    parts = [part.strip() for part in body.rstrip().removesuffix(")").split(", \n")]
    columns = [p for p in parts if not p.startswith(("CONSTRAINT", "UNIQUE", "FOREIGN KEY", "CHECK"))]
    constraints = sorted(p for p in parts if p not in columns)
    return (head, *columns, "--", *constraints)


def _schema(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every table, column, index, constraint, trigger and FTS table, as SQLite describes it."""
    out: list[tuple[Any, ...]] = []
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        text = _table_sql(sql) if kind == "table" and sql.startswith("CREATE TABLE") else sql
        out.append((kind, name, table, text))
        if kind == "table":
            out.append(("columns", name, conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()))
            # Without the first field (id): it numbers them in the order the table's text has them.
            keys = sorted(row[1:] for row in conn.execute(f'PRAGMA foreign_key_list("{name}")'))
            out.append(("foreign keys", name, keys))
            # Without the first field (seq): the order the indexes were made in.
            indexes = sorted(row[1:] for row in conn.execute(f'PRAGMA index_list("{name}")'))
            # A UNIQUE constraint's automatic index is numbered in the constraints' order too.
            described = sorted(
                (
                    "sqlite_autoindex" if index.startswith("sqlite_autoindex_") else index,
                    *rest,
                    conn.execute(f'PRAGMA index_xinfo("{index}")').fetchall(),
                )
                for index, *rest in indexes
            )
            out.append(("indexes", name, described))
    return sorted(out, key=repr)


def _dump(path: Path) -> dict[str, Any]:
    from tracker import cjk

    with sqlite3.connect(path) as conn:
        cjk.register(conn)  # the notes' index reads its text through tracker's SQL function
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {
            # Sorted as text: FTS5's shadow tables have no rowid to order by.
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
        schema = _schema(conn)
        user_version = conn.execute("PRAGMA user_version").fetchone()
    return {"schema": schema, "rows": rows, "user_version": user_version}


def _create(path: Path) -> dict[str, Any]:
    from tracker import db

    db.get_engine(f"sqlite:///{path}")
    db.dispose_all()
    return _dump(path)


def _slow_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The migrations one by one and the ORM's flush, as before the fast path."""
    from tracker import db
    from tracker.catalog import bulk

    monkeypatch.setattr(db, "schema_script", lambda: None)
    monkeypatch.setattr(bulk, "insert_new", lambda session: session.flush())


def test_the_schema_script_is_built_at_the_newest_migration() -> None:
    from tracker import db

    # A stale script is never used (a first run migrates instead), which this catches.
    assert db.schema_script() is not None, "stale: run python tools/build_schema.py"


def test_a_script_older_than_the_newest_migration_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import db

    monkeypatch.setattr(db, "migration_heads", lambda: {"9999"})
    assert db.schema_script() is None


def test_a_first_run_makes_the_database_the_migrations_and_the_orm_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _create(tmp_path / "fast.db")
    with monkeypatch.context() as patch:
        _slow_path(patch)
        slow = _create(tmp_path / "slow.db")

    assert fast["schema"] == slow["schema"]
    assert fast["user_version"] == slow["user_version"]
    assert fast["rows"].keys() == slow["rows"].keys()
    for table, rows in slow["rows"].items():
        assert fast["rows"][table] == rows, table
    # Not a comparison of two empty files: the catalog is there.
    assert len(fast["rows"]["edition"]) > 500
    assert len(fast["rows"]["edition_claim"]) > 500
    assert fast["rows"]["deadline_claim"] and fast["rows"]["series_topic"] and fast["rows"]["accept_rate"]
