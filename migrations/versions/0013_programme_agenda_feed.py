"""talks carry their programme details; the person's agenda; the calendar feed's memory

``talk`` gains what a conference's virtual-site programme says about each event: its
kind (poster, oral, ...), room, poster position, the authors with their institutions
(a JSON list of ``{"name", "institution"}``) and the event's id at the source.

``agenda_item`` is a talk the person picked for their agenda. ``feed_event`` remembers,
for each event ever written to ``tracker calendar feed``, a fingerprint of its dates
and its SEQUENCE, so a moved date is written with SEQUENCE + 1 and a new LAST-MODIFIED.

``source.kind`` gains ``virtual`` (the virtual-site JSON programme).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The kinds as they were and as they are (a migration is a snapshot: no model imports).
OLD_SOURCE_KINDS = "kind IN ('ccf', 'hf', 'pwc', 'wikicfp', 'arxiv', 'ics', 'feed')"
SOURCE_KINDS = "kind IN ('ccf', 'hf', 'pwc', 'wikicfp', 'arxiv', 'ics', 'feed', 'virtual')"


def upgrade() -> None:
    with op.batch_alter_table("talk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("room", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("poster_position", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("authors", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))
    op.create_table(
        "agenda_item",
        sa.Column("talk_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["talk_id"], ["talk.id"], name=op.f("fk_agenda_item_talk_id_talk"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("talk_id", name=op.f("pk_agenda_item")),
    )
    op.create_table(
        "feed_event",
        sa.Column("uid", sa.String(length=300), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_feed_event")),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_source_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_source_kind"), SOURCE_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM seen_entry WHERE source_id IN (SELECT id FROM source WHERE kind = 'virtual')")
    op.execute("DELETE FROM source WHERE kind = 'virtual'")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_source_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_source_kind"), OLD_SOURCE_KINDS)
    op.drop_table("feed_event")
    op.drop_table("agenda_item")
    with op.batch_alter_table("talk", schema=None) as batch_op:
        batch_op.drop_column("external_id")
        batch_op.drop_column("authors")
        batch_op.drop_column("poster_position")
        batch_op.drop_column("room")
        batch_op.drop_column("kind")
