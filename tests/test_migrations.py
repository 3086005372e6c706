"""Migrations: one head, upgrade from empty, down and up again, and models that match."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_one_head() -> None:
    from tracker import db

    assert len(db.migration_heads()) == 1


def test_head_parsed_from_files_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tracker import config, db

    cfg = Config()
    cfg.set_main_option("script_location", str(config.migrations_dir()))
    assert set(ScriptDirectory.from_config(cfg).get_heads()) == db.migration_heads()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    from sqlalchemy import inspect, text

    from tracker import db

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    db.downgrade(engine, "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    # Opening it again (an empty alembic_version is tracker's, not a foreign table) migrates and seeds.
    db.dispose_all()
    reopened = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with reopened.connect() as conn:
        assert db.current_revision(conn) in db.migration_heads()
        assert conn.execute(text("SELECT count(*) FROM series")).scalar_one() > 100


def test_models_match_migrations(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tracker import db
    from tracker.models import include_in_autogenerate, metadata

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_in_autogenerate}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, metadata())
    assert diff == []


def test_upgrade_from_an_older_database_keeps_its_data(tmp_path: Path) -> None:
    """A database made by the first release (catalog only) keeps its rows on upgrade."""
    from sqlalchemy import create_engine, inspect, text

    from tracker import db

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    db.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO series (id, key, acronym, name, kind, source) "
                "VALUES (1, 'nips', 'NeurIPS', 'Neural Information Processing Systems', 'conference', 'test')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO edition (id, series_id, year, key, kind, title, mode, estimated, source) "
                "VALUES (1, 1, 2026, 'neurips2026', 'conference', '', 'in-person', 0, 'test')"
            )
        )
    engine.dispose()

    upgraded = db.get_engine(url)  # the normal way in: upgrade on open
    with upgraded.connect() as conn:
        assert db.current_revision(conn) in db.migration_heads()
        assert conn.execute(text("SELECT key FROM edition")).scalars().all() == ["neurips2026"]
        tables = set(inspect(conn).get_table_names())
    assert {"profile", "note", "contact", "talk", "reading", "source", "change"} <= tables


def test_0006_links_notes_to_talks_and_keeps_search_working(tmp_path: Path) -> None:
    """Notes written before 0006 keep their text and search; links to missing talks are cleared."""
    from sqlalchemy import create_engine, text

    from tracker import db

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    db.upgrade(engine, "0005")
    rows = (
        "INSERT INTO series (id, key, acronym, name, kind, source)"
        " VALUES (1, 'x', 'X', '', 'conference', 't')",
        "INSERT INTO edition (id, series_id, year, key, kind, title, mode, estimated, source)"
        " VALUES (1, 1, 2026, 'x2026', 'conference', '', 'in-person', 0, 't')",
        "INSERT INTO talk (id, edition_id, title, title_key, speakers, abstract, source)"
        " VALUES (5, 1, 'Real talk', 'real talk', '[]', '', 't')",
        "INSERT INTO note (id, edition_id, talk_id, body, created_at)"
        " VALUES (1, 1, 5, 'kept link about kernels', '2026-01-01 00:00:00')",
        "INSERT INTO note (id, edition_id, talk_id, body, created_at)"
        " VALUES (2, 1, 777, 'dangling link about tokenizers', '2026-01-01 00:00:00')",
    )
    with engine.begin() as conn:
        for row in rows:
            conn.execute(text(row))
    engine.dispose()

    upgraded = db.get_engine(url)
    with upgraded.begin() as conn:
        links: dict[int, int | None] = dict(conn.execute(text("SELECT id, talk_id FROM note")).all())
        assert links == {1: 5, 2: None}
        # The FTS triggers survived the table copy: a new note is found, an old one too.
        conn.execute(
            text(
                "INSERT INTO note (edition_id, body, created_at)"
                " VALUES (1, 'fresh words on sparsity', '2026-01-02 00:00:00')"
            )
        )
        query = "SELECT rowid FROM note_fts WHERE note_fts MATCH 'sparsity OR kernels'"
        found = conn.execute(text(query)).scalars()
        assert sorted(found) == [1, 3]
        # And deleting a talk now unlinks its notes instead of leaving a dangling id.
        conn.execute(text("DELETE FROM talk WHERE id = 5"))
        assert conn.execute(text("SELECT talk_id FROM note WHERE id = 1")).scalar() is None


def test_0009_keeps_what_each_source_said_and_allows_withdrawn_changes(tmp_path: Path) -> None:
    """An edition and its deadlines from before 0009 become claims of the sources they came from."""
    from sqlalchemy import create_engine, text

    from tracker import db

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    db.upgrade(engine, "0007")
    rows = (
        "INSERT INTO series (id, key, acronym, name, kind, source)"
        " VALUES (1, 'nips', 'NeurIPS', '', 'conference', 'hf')",
        "INSERT INTO edition (id, series_id, year, key, kind, title, mode, estimated, source,"
        " start_date, city) VALUES (1, 1, 2026, 'neurips2026', 'conference', 'NeurIPS', 'in-person',"
        " 0, 'hf', '2026-12-06', 'Sydney')",
        "INSERT INTO deadline (edition_id, type, at_utc, local_text, timezone, estimated, source)"
        " VALUES (1, 'paper', '2026-05-07 11:59:59', '2026-05-06 23:59:59', 'AoE', 0, 'hf')",
        "INSERT INTO deadline (edition_id, type, at_utc, local_text, timezone, estimated, source)"
        " VALUES (1, 'abstract', '2026-05-05 11:59:00', '2026-05-04 23:59:00', 'AoE', 0, 'ccf')",
    )
    with engine.begin() as conn:
        for row in rows:
            conn.execute(text(row))
    engine.dispose()

    upgraded = db.get_engine(url)
    with upgraded.begin() as conn:
        claims = conn.execute(
            text("SELECT source, start_date, city FROM edition_claim ORDER BY source")
        ).all()
        assert [tuple(c) for c in claims] == [("ccf", None, None), ("hf", "2026-12-06", "Sydney")]
        deadlines = conn.execute(
            text(
                "SELECT c.source, d.type FROM deadline_claim d JOIN edition_claim c ON c.id = d.claim_id"
                " ORDER BY c.source"
            )
        ).all()
        assert [tuple(d) for d in deadlines] == [("ccf", "abstract"), ("hf", "paper")]
        conn.execute(
            text(
                "INSERT INTO change (at, source, kind, subject, detail)"
                " VALUES ('2026-12-01', 'hf', 'withdrawn', 'x', '')"
            )
        )


# --- upgrading from every older revision with data in every table ------------------------------


def _older_revisions() -> list[str]:
    from tracker import db

    return sorted(db.known_revisions() - db.migration_heads())  # every future migration too


def _is_own_table(name: str) -> bool:
    # FTS5 virtual tables and their shadow tables are filled by triggers, not by hand.
    return not (name.startswith("sqlite_") or "_fts" in name or name == "alembic_version")


def _a_value(conn, table: str, column: tuple) -> object:
    """A value for ``column`` that satisfies its table's CHECK constraints (enumerations)."""
    import re

    _, name, declared, _notnull, _default, _pk = column
    ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).scalar_one()
    allowed = re.search(rf"CHECK \({name} IN \('([^']*)'", ddl)
    if allowed:
        return allowed.group(1)
    kind = declared.upper()
    if kind.startswith(("INTEGER", "BIGINT", "SMALLINT")):
        return 1
    if kind.startswith("BOOLEAN"):
        return 0
    if kind.startswith(("FLOAT", "REAL", "NUMERIC")):
        return 1.0
    if kind == "DATE":
        return "2026-06-01"
    if kind.startswith("DATETIME"):
        return "2026-06-01 12:00:00.000000"
    if kind == "JSON":
        return "[]"
    return f"{table} {name} kept"


def _fill_every_table(conn) -> dict[str, int]:
    """One row in every table of the schema as it is, parents first; returns the row counts."""
    from sqlalchemy import inspect

    tables = [t for t in inspect(conn).get_table_names() if _is_own_table(t)]
    parents = {t: {fk[2] for fk in conn.exec_driver_sql(f"PRAGMA foreign_key_list('{t}')")} for t in tables}
    done: list[str] = []
    while len(done) < len(tables):
        ready = [t for t in tables if t not in done and parents[t] - {t} <= set(done)]
        assert ready, f"foreign keys form a cycle among {set(tables) - set(done)}"
        for table in ready:
            columns = list(conn.exec_driver_sql(f"PRAGMA table_info('{table}')"))
            references = {fk[3]: fk[2] for fk in conn.exec_driver_sql(f"PRAGMA foreign_key_list('{table}')")}
            row: dict[str, object] = {}
            for column in columns:
                name, notnull = column[1], column[3]
                if references.get(name) == table:
                    row[name] = None if not notnull else 1  # a self-reference: no parent
                elif name in references or column[5]:
                    row[name] = 1  # every table's first row has id 1, so a reference to 1 holds
                else:
                    row[name] = _a_value(conn, table, column)
            names = ", ".join(f'"{n}"' for n in row)
            marks = ", ".join("?" for _ in row)
            conn.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', tuple(row.values()))
            done.append(table)
    return {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one() for t in tables}


@pytest.mark.parametrize("revision", _older_revisions())
def test_upgrading_from_an_older_revision_keeps_every_row(tmp_path: Path, revision: str) -> None:
    """Opening an older database upgrades it to head and loses no row of any table.

    0006 copies the ``note`` table; with SQLite's foreign keys still on, dropping the old
    copy deleted every ``note_tag`` row of a database made at 0003-0005.
    """
    import numpy as np
    from sqlalchemy import create_engine, event

    from tracker import cjk, db
    from tracker.personal.search import search

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    # From 0012 on, writing a note calls the index's function, as every tracker connection has it.
    event.listen(engine, "connect", lambda dbapi_conn, _record: cjk.register(dbapi_conn))
    db.upgrade(engine, revision)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        before = _fill_every_table(conn)
    engine.dispose()
    assert all(count == 1 for count in before.values()), before

    upgraded = db.get_engine(url)
    with upgraded.connect() as conn:
        assert db.current_revision(conn) in db.migration_heads()
        after = {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one() for t in before}
        # The search's own postings (0018, filled from note_fts, not by hand): every note is
        # in them or pending, and the note's words are found.
        settled = conn.exec_driver_sql("SELECT ids FROM note_fts_docs").scalar()
        pending = conn.exec_driver_sql("SELECT id FROM note_fts_pending").scalars().all()
        held = set(np.frombuffer(settled, dtype="<i4").tolist()) if settled else set()
        assert held | set(pending) == set(conn.exec_driver_sql("SELECT id FROM note").scalars())
        tokens = set(conn.exec_driver_sql("SELECT token FROM note_fts_postings").scalars())
        assert tokens == ({"note", "body", "kept"} if held else set())
        assert [hit.id for hit in search(conn, "note body kept")] == ([1] if held | set(pending) else [])
    assert after == before
