"""learning: topics, prerequisites, readings, talks, paths

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 14:10:00

The topic map (concepts, prerequisites, related links) is shipped YAML, validated on
load; only what a person adds or does is stored: talks and their topics, readings and
their topics, path goals and progress.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "path_goal",
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_path_goal")),
    )
    op.create_table(
        "path_progress",
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("state IN ('known', 'done')", name=op.f("ck_path_progress_state")),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_path_progress")),
    )
    op.create_table(
        "reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_key", sa.String(length=500), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("arxiv_id", sa.String(length=40), nullable=True),
        sa.Column("doi", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("added_from", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('to-read', 'reading', 'done')", name=op.f("ck_reading_status")),
        sa.CheckConstraint("priority BETWEEN 1 AND 3", name=op.f("ck_reading_priority")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reading")),
        sa.UniqueConstraint("arxiv_id", name=op.f("uq_reading_arxiv_id")),
        sa.UniqueConstraint("doi", name=op.f("uq_reading_doi")),
        sa.UniqueConstraint("title_key", name=op.f("uq_reading_title_key")),
    )
    op.create_table(
        "reading_topic",
        sa.Column("reading_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["reading_id"],
            ["reading.id"],
            name=op.f("fk_reading_topic_reading_id_reading"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reading_id", "topic", name=op.f("pk_reading_topic")),
    )
    with op.batch_alter_table("reading_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reading_topic_topic"), ["topic"], unique=False)

    op.create_table(
        "talk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_key", sa.String(length=500), nullable=False),
        sa.Column("speakers", sa.JSON(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("session", sa.String(length=200), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"], ["edition.id"], name=op.f("fk_talk_edition_id_edition"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk")),
        sa.UniqueConstraint("edition_id", "title_key", name=op.f("uq_talk_edition_id_title_key")),
    )
    with op.batch_alter_table("talk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talk_edition_id"), ["edition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_talk_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "talk_topic",
        sa.Column("talk_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("source IN ('auto', 'manual')", name=op.f("ck_talk_topic_source")),
        sa.ForeignKeyConstraint(
            ["talk_id"], ["talk.id"], name=op.f("fk_talk_topic_talk_id_talk"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("talk_id", "topic", name=op.f("pk_talk_topic")),
    )
    with op.batch_alter_table("talk_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talk_topic_topic"), ["topic"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("talk_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talk_topic_topic"))
    op.drop_table("talk_topic")
    with op.batch_alter_table("talk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_talk_starts_at"))
        batch_op.drop_index(batch_op.f("ix_talk_edition_id"))
    op.drop_table("talk")
    with op.batch_alter_table("reading_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reading_topic_topic"))
    op.drop_table("reading_topic")
    op.drop_table("reading")
    op.drop_table("path_progress")
    op.drop_table("path_goal")
