"""personal data: status, plans, notes (+ FTS), contacts, follow-ups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The full-text index over note bodies (SQLite only). An external-content FTS5 table
# stores no copy of the text; the triggers keep it in step with ``note`` on every
# insert, update and delete, inside the same transaction.
FTS_STATEMENTS = (
    "CREATE VIRTUAL TABLE note_fts USING fts5("
    "body, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO note_fts(rowid, body) VALUES (new.id, new.body); END",
    # Index the notes that already exist (none on a fresh database).
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("affiliation", sa.String(length=300), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("topics", sa.Text(), nullable=True),
        sa.Column("met_edition_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", tracker.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", tracker.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["met_edition_id"],
            ["edition.id"],
            name=op.f("fk_contact_met_edition_id_edition"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("name", name=op.f("uq_contact_name")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_met_edition_id"), ["met_edition_id"], unique=False)

    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", tracker.models.base.UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('interested', 'planning', 'submitted', 'accepted', 'registered', "
            "'attending', 'attended', 'skipped')",
            name=op.f("ck_status_change_status"),
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"], ["edition.id"], name=op.f("fk_status_change_edition_id_edition")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_change")),
    )
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_change_edition_id"), ["edition_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("created_at", tracker.models.base.UTCDateTime(), nullable=False),
        sa.Column("done_at", tracker.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_follow_up_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_due"), ["due"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        # No foreign key yet: the learning room's ``talk`` table comes in a later revision.
        sa.Column("talk_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", tracker.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", tracker.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_note_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["edition_id"], ["edition.id"], name=op.f("fk_note_edition_id_edition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_edition_id"), ["edition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_talk_id"), ["talk_id"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", tracker.models.base.UTCDateTime(), nullable=False),
        sa.Column("done_at", tracker.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('session', 'person', 'question', 'reading', 'task')", name=op.f("ck_plan_item_kind")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_plan_item_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["edition_id"], ["edition.id"], name=op.f("fk_plan_item_edition_id_edition")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item")),
        sa.UniqueConstraint("edition_id", "position", name=op.f("uq_plan_item_edition_id_position")),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_item_edition_id"), ["edition_id"], unique=False)

    op.create_table(
        "note_tag",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["note.id"], name=op.f("fk_note_tag_note_id_note"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("note_id", "tag", name=op.f("pk_note_tag")),
    )
    with op.batch_alter_table("note_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_tag_tag"), ["tag"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("note_fts_after_insert", "note_fts_after_delete", "note_fts_after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS note_fts")

    with op.batch_alter_table("note_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_tag_tag"))
    op.drop_table("note_tag")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_edition_id"))
        batch_op.drop_index(batch_op.f("ix_plan_item_contact_id"))
    op.drop_table("plan_item")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_talk_id"))
        batch_op.drop_index(batch_op.f("ix_note_edition_id"))
        batch_op.drop_index(batch_op.f("ix_note_created_at"))
        batch_op.drop_index(batch_op.f("ix_note_contact_id"))
    op.drop_table("note")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_due"))
        batch_op.drop_index(batch_op.f("ix_follow_up_contact_id"))
    op.drop_table("follow_up")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_change_edition_id"))
    op.drop_table("status_change")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_met_edition_id"))
    op.drop_table("contact")
