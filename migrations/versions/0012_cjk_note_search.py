"""notes search: Chinese (and Japanese, Korean) text indexed one character per word

The unicode61 tokenizer saw a run of Chinese characters as one word, so no word or
prefix inside it could be found. The index now holds each note's text as
``tracker_index_text(body)`` gives it (a zero-width space around every CJK character;
English text unchanged): the triggers call that function, and the index's external
content is a view that applies it, so ``rebuild`` and snippets see the same text the
triggers indexed. The function is registered on every connection tracker opens
(tracker/cjk.py). The index is rebuilt from the notes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 13:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("note_fts_after_insert", "note_fts_after_delete", "note_fts_after_update")

UPGRADE = (
    "CREATE VIEW note_fts_source AS SELECT id, tracker_index_text(body) AS body FROM note",
    "CREATE VIRTUAL TABLE note_fts USING fts5("
    "body, content='note_fts_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, tracker_index_text(new.body)); END",
    "CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, tracker_index_text(old.body)); END",
    "CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, tracker_index_text(old.body)); "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, tracker_index_text(new.body)); END",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)

# The index of 0003 (and 0006's triggers), as they were.
DOWNGRADE = (
    "CREATE VIRTUAL TABLE note_fts USING fts5("
    "body, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)


def _drop_index() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS note_fts")
    op.execute("DROP VIEW IF EXISTS note_fts_source")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_index()
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_index()
    for statement in DOWNGRADE:
        op.execute(statement)
