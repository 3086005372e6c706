"""The same migrations on PostgreSQL (a lab's shared catalog), when a server is given.

Opt-in: set ``TRACKER_TEST_POSTGRES_URL`` to an empty, disposable database, e.g.
``postgresql+psycopg2://postgres@127.0.0.1:55432/tracker_test`` (and install a driver).
The test drops everything tracker made in it at the start and at the end.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import Cli

URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set TRACKER_TEST_POSTGRES_URL to run against PostgreSQL")


def test_migrations_seed_and_personal_data_on_postgresql(cli: Cli) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect, text

    from tracker import db
    from tracker.models import include_in_autogenerate, metadata

    assert URL is not None
    engine = db.get_engine(URL, migrate=False)
    db.downgrade(engine, "base")
    db.dispose_all()
    try:
        # Created from empty on first use, like a SQLite file: migrated and seeded.
        listed = cli("--db", URL, "conf", "list", "--json")
        assert listed.code == 0, listed.err
        assert len(__import__("json").loads(listed.out)) > 300
        engine = db.get_engine(URL)
        with engine.connect() as conn:
            assert db.current_revision(conn) in db.migration_heads()
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include_in_autogenerate}
            )
            assert compare_metadata(context, metadata()) == []
            assert "note_fts" not in inspect(conn).get_table_names()  # SQLite-only, behind a check
        # Personal data and search work without FTS5.
        assert cli("--db", URL, "log-notes", "neurips2026", "--text", "sparse attention on pg").code == 0
        found = cli("--db", URL, "notes", "search", "sparse", "--json")
        assert found.code == 0 and "sparse attention on pg" in found.out
        # Down to nothing and up again.
        db.downgrade(engine, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 0
        db.upgrade(engine)
        with engine.connect() as conn:
            assert db.current_revision(conn) in db.migration_heads()
    finally:
        db.downgrade(db.get_engine(URL, migrate=False), "base")
        db.dispose_all()
