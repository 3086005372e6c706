"""Migration 0012: the notes' index rebuilt so that Chinese text written before it is found."""

from __future__ import annotations

from pathlib import Path

from tests.personal.conftest import old_database


def test_chinese_notes_written_before_0012_are_found_after_it(tmp_path: Path) -> None:
    from sqlalchemy import text

    from tracker import db
    from tracker.personal.notes import add_note
    from tracker.personal.search import search

    url, engine = old_database(tmp_path, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO note (id, edition_id, body, created_at) VALUES "
                "(1, 1, '今天听了关于注意力机制的报告', '2026-01-01 00:00:00'), "
                "(2, 1, 'kernels in C++', '2026-01-01 00:00:00')"
            )
        )
        # Before: the run of characters is one word.
        assert conn.execute(text("SELECT count(*) FROM note_fts WHERE note_fts MATCH '注意力'")).scalar() == 0
    db.upgrade(engine)
    with db.session(url, write=True) as s:
        assert [h.id for h in search(s.connection(), "注意力")] == [1]
        assert [h.id for h in search(s.connection(), "kernels")] == [2]
        add_note(s, "oldconf2026", "和张伟讨论了大模型")
    with db.session(url) as s:
        assert [h.id for h in search(s.connection(), "张伟")] == [3]
        s.execute(text("INSERT INTO note_fts(note_fts) VALUES ('integrity-check')"))

    db.downgrade(engine, "0007")  # back to the old index, rebuilt from the notes
    with engine.connect() as conn:
        assert conn.execute(text("SELECT rowid FROM note_fts WHERE note_fts MATCH 'kernels'")).all() == [(2,)]
