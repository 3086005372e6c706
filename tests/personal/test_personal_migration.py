"""Migration 0003: personal tables and the FTS5 index, from an older database that holds data."""

from __future__ import annotations

from pathlib import Path

from tests.personal.conftest import old_database


def test_upgrade_from_0002_with_data_then_down_and_up(tmp_path: Path) -> None:
    from sqlalchemy import inspect, text

    from tracker import db

    url, engine = old_database(tmp_path, "0002")
    db.upgrade(engine)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert {"note", "note_tag", "note_fts", "contact", "follow_up", "plan_item", "status_change"} <= names
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        assert {"note_fts_after_insert", "note_fts_after_delete", "note_fts_after_update"} <= triggers

    from tracker.personal.notes import add_note
    from tracker.personal.search import search

    with db.session(url, write=True) as s:
        add_note(s, "oldconf2026", "kept across upgrades")
    with db.session(url) as s:
        assert [h.edition for h in search(s.connection(), "upgrades")] == ["oldconf2026"]

    db.downgrade(engine, "0002")
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert not names & {"note", "note_fts", "note_fts_data", "contact"}
        assert conn.execute(text("SELECT key FROM edition")).scalar_one() == "oldconf2026"
    db.upgrade(engine)
    with db.session(url, write=True) as s:
        add_note(s, "oldconf2026", "indexed again")
    with db.session(url) as s:
        assert len(search(s.connection(), "indexed")) == 1


def test_fts_tables_are_the_only_ones_outside_the_models(tmp_path: Path) -> None:
    """Schema comparison must skip exactly the FTS5 index and its shadow tables."""
    from sqlalchemy import inspect

    from tracker import db
    from tracker.models import metadata
    from tracker.models.personal import is_unmanaged_table

    engine = db.get_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        extra = set(inspect(conn).get_table_names()) - set(metadata().tables) - {"alembic_version"}
    assert extra and all(is_unmanaged_table(name) for name in extra)
    assert not any(is_unmanaged_table(name) for name in metadata().tables)
