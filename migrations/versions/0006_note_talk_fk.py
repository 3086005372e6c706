"""notes: talk_id becomes a foreign key to talk (ON DELETE SET NULL)

0003 made ``note.talk_id`` a plain integer because the ``talk`` table arrived later (0004).
Links to talks that do not exist (nothing checked them before) are cleared first.

On SQLite the batch operation copies ``note`` into a new table and drops the old one,
which drops the full-text index's triggers with it: they are created again here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 15:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The triggers of 0003, as they were written there (a migration is a snapshot: it does
# not import the code of another one, which may change).
FTS_TRIGGERS = {
    "note_fts_after_insert": "CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
    "note_fts_after_delete": "CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "note_fts_after_update": "CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
}


def _restore_fts_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, statement in FTS_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(statement)


def upgrade() -> None:
    op.execute(
        "UPDATE note SET talk_id = NULL WHERE talk_id IS NOT NULL AND talk_id NOT IN (SELECT id FROM talk)"
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_note_talk_id_talk"), "talk", ["talk_id"], ["id"], ondelete="SET NULL"
        )
    _restore_fts_triggers()


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_note_talk_id_talk"), type_="foreignkey")
    _restore_fts_triggers()
