"""The first run's fast paths make the same database as the migrations and the ORM's flush.

A new file is created from the schema script, and the bundled catalog is either inserted
from the seed's snapshot (built here by tools/build_seed.py, as the build hook does) or,
without one, read and merged and written with bulk inserts; the reference is the slow path
every older database still takes: the Alembic migrations one by one, and the seed's objects
written by the ORM's unit of work. They are compared whole: every schema object's SQL, and
every row of every table, ids included.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.test_tools import _tool

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
    """The migrations one by one, the catalog read and merged, and the ORM's flush."""
    from tracker import db
    from tracker.catalog import bulk, snapshot

    monkeypatch.setattr(db, "schema_script", lambda: None)
    monkeypatch.setattr(snapshot, "load", lambda: None)
    monkeypatch.setattr(bulk, "insert_new", lambda session: session.flush())


def _from_snapshot(monkeypatch: pytest.MonkeyPatch, built: Path) -> None:
    """The seed's rows inserted from ``built``, and never read from the sources."""
    from tracker.catalog import seed, snapshot

    def refuse(session: object) -> None:
        raise AssertionError("the snapshot was not used")

    monkeypatch.setattr(snapshot, "FILE", built)
    monkeypatch.setattr(seed, "load_bundled", refuse)


def test_the_schema_script_is_built_at_the_newest_migration() -> None:
    from tracker.db import revisions

    # A stale script is never used (a first run migrates instead), which this catches.
    assert revisions.schema_script() is not None, "stale: run python tools/build_schema.py"


def test_a_script_older_than_the_newest_migration_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.db import revisions

    monkeypatch.setattr(revisions, "migration_heads", lambda: {"9999"})
    assert revisions.schema_script() is None


def test_a_first_run_makes_the_database_the_migrations_and_the_orm_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.catalog import snapshot

    with monkeypatch.context() as patch:
        # Built on another day than the first run's: what it holds must not depend on it.
        patch.setenv("TRACKER_NOW", "2031-07-01T00:00:00Z")
        built = _tool("build_seed").build(tmp_path / "seed_rows.json")
    with monkeypatch.context() as patch:
        _from_snapshot(patch, built)
        from_snapshot = _create(tmp_path / "snapshot.db")
    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "FILE", tmp_path / "not-built.json")
        bulk = _create(tmp_path / "bulk.db")
    with monkeypatch.context() as patch:
        _slow_path(patch)
        slow = _create(tmp_path / "slow.db")

    for fast in (from_snapshot, bulk):
        assert fast["schema"] == slow["schema"]
        assert fast["user_version"] == slow["user_version"]
        assert fast["rows"].keys() == slow["rows"].keys()
        for table, rows in slow["rows"].items():
            assert fast["rows"][table] == rows, table
    # Not a comparison of two empty files: the catalog is there, its estimates and scores too.
    assert len(slow["rows"]["edition"]) > 500
    assert len(slow["rows"]["edition_claim"]) > 500
    assert slow["rows"]["deadline_claim"] and slow["rows"]["series_topic"] and slow["rows"]["accept_rate"]
    with sqlite3.connect(tmp_path / "snapshot.db") as conn:
        (estimated,) = conn.execute("SELECT count(*) FROM edition WHERE estimated").fetchone()
        (scored,) = conn.execute("SELECT count(*) FROM series WHERE quality_score IS NOT NULL").fetchone()
    assert estimated and scored


def test_a_snapshot_is_used_only_while_the_data_and_code_it_was_built_from_are_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import shutil

    from tracker import config
    from tracker.catalog import snapshot

    built = tmp_path / "seed_rows.json"
    built.write_text(json.dumps({"key": snapshot.inputs_key(), "tables": []}), encoding="utf-8")
    assert snapshot.load(built) == []
    # An edited data file (a checkout changed since its build): the key no longer matches.
    data = shutil.copytree(config.data_dir(), tmp_path / "data")
    fees = data / "catalog" / "known_fees.yml"
    fees.write_text(fees.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(config, "data_dir", lambda: data)
    assert snapshot.load(built) is None
    monkeypatch.undo()
    # Edited code (an editable install changed since its build): no more current either.
    skip = shutil.ignore_patterns("__pycache__")
    code = shutil.copytree(snapshot._PACKAGE, tmp_path / "tracker", ignore=skip)
    merge = code / "catalog" / "importers" / "merge.py"
    merge.write_text(merge.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "_PACKAGE", code)
    assert snapshot.load(built) is None
    # A file cut short by an interrupted build, or none at all: the slow way, no error.
    monkeypatch.undo()
    built.write_text('{"key": "', encoding="utf-8")
    assert snapshot.load(built) is None
    assert snapshot.load(tmp_path / "never-built.json") is None


FEES = """
fees:
  - {edition: neurips2024, currency: USD, source: "https://example.org/a", checked: 2024-06-01,
     early_until: 2024-10-01, early_until_zone: AoE,
     fees: [{category: regular, early: true, amount: 800}, {category: regular, amount: 1000},
            {category: student, early: true, amount: 300}]}
  - {edition: nowhere2024, currency: EUR, source: "https://example.org/b", fees: [{category: x, amount: 1}]}
  - {edition: icml2025, currency: EUR, source: "https://example.org/c",
     fees: [{category: student, amount: 250}]}
  - {edition: neurips2024, currency: USD, source: "https://example.org/d",
     fees: [{category: regular, amount: 1100}, {category: student, amount: 400}]}
"""


@pytest.mark.parametrize("now", ["2026-03-01T12:00:00Z", "2026-10-15T08:00:00Z"])
def test_a_first_run_stores_the_estimates_fees_and_scores_the_orm_would(
    now: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the snapshot, the part that depends on today is written with Core statements
    (catalog/first_estimates.py, seed.insert_known_fees); the ORM's refresh and fees are the
    reference, on two days (before and after many of the catalog's editions)."""
    from tracker.catalog import first_estimates, seed

    monkeypatch.setenv("TRACKER_NOW", now)
    built = _tool("build_seed").build(tmp_path / "seed_rows.json")
    # The shipped list is empty: a few fees, one edition twice, one not in the catalog.
    fees = tmp_path / "known_fees.yml"
    fees.write_text(FEES, encoding="utf-8")
    fee_records = seed._fee_records
    monkeypatch.setattr(seed, "_fee_records", lambda path: fee_records(path or fees))

    def no_orm(conn: object) -> None:
        raise AssertionError("the first run made an ORM session")

    with monkeypatch.context() as patch:
        _from_snapshot(patch, built)
        patch.setattr(seed, "_session", no_orm)
        core = _create(tmp_path / "core.db")
    with monkeypatch.context() as patch:
        _from_snapshot(patch, built)
        patch.setattr(first_estimates, "create_estimates", lambda conn, today: None)
        patch.setattr(seed, "insert_known_fees", lambda conn: None)
        orm = _create(tmp_path / "orm.db")
    assert core["rows"].keys() == orm["rows"].keys()
    for table, rows in orm["rows"].items():
        assert core["rows"][table] == rows, table
    with sqlite3.connect(tmp_path / "core.db") as conn:
        (estimated,) = conn.execute("SELECT count(*) FROM edition WHERE estimated").fetchone()
        (guessed,) = conn.execute("SELECT count(*) FROM deadline WHERE estimated").fetchone()
        (hosted,) = conn.execute("SELECT count(*) FROM edition WHERE estimated AND parent_id").fetchone()
        (fees,) = conn.execute("SELECT count(*) FROM fee").fetchone()
    assert estimated and guessed and hosted and fees
