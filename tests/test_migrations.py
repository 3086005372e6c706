"""Migrations: one head, upgrade from empty, down and up again, and models that match."""

from __future__ import annotations

from pathlib import Path


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
    from sqlalchemy import inspect

    from tracker import db

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    db.downgrade(engine, "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    with engine.connect() as conn:
        assert db.current_revision(conn) in db.migration_heads()
        assert "edition" in inspect(conn).get_table_names()


def test_models_match_migrations(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tracker import db
    from tracker.models import Base, include_in_autogenerate

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_in_autogenerate}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, Base.metadata)
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
