"""ingest: sources, fetch state, change log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE_KINDS = "kind IN ('ccf', 'hf', 'pwc', 'wikicfp', 'arxiv', 'ics', 'feed')"
CHANGE_KINDS = (
    "kind IN ('new_edition', 'deadline_moved', 'deadline_added', 'postponed', 'dates_changed', "
    "'venue_changed', 'new_cfp', 'new_reading', 'new_talk')"
)


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("edition_key", sa.String(length=80), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_fetched_at", sa.DateTime(), nullable=True),
        sa.Column("last_status", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(SOURCE_KINDS, name=op.f("ck_source_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("name", name=op.f("uq_source_name")),
    )
    op.create_table(
        "seen_entry",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=500), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_seen_entry_source_id_source"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("source_id", "entry_key", name=op.f("pk_seen_entry")),
    )
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("from_value", sa.Text(), nullable=True),
        sa.Column("to_value", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.CheckConstraint(CHANGE_KINDS, name=op.f("ck_change_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change")),
    )
    op.create_index(op.f("ix_change_at"), "change", ["at"], unique=False)
    op.create_index(op.f("ix_change_subject"), "change", ["subject"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_change_subject"), table_name="change")
    op.drop_index(op.f("ix_change_at"), table_name="change")
    op.drop_table("change")
    op.drop_table("seen_entry")
    op.drop_table("source")
