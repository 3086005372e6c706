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
    from tracker.models import Base

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
