"""workshops: a topic's confidence, an edition's place in its series, a caution on a series

``series_topic.confidence`` is the talk classifier's probability for a topic it found in a
workshop's call for papers (NULL: the topic came from a source's codes or the series' name).
``edition.ordinal`` is "the 3rd ... workshop" as a call says it (NULL: not said), which makes
a series recurring even when its earlier editions are not in the catalog.
``series.caution`` says why an unvetted series (a WikiCFP call with no known parent, no
ranking and a publisher pattern typical of predatory venues) is not to be trusted (NULL: none).
Plain nullable columns: adding them copies no table on SQLite.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("series_topic", sa.Column("confidence", sa.Float(), nullable=True))
    op.add_column("edition", sa.Column("ordinal", sa.Integer(), nullable=True))
    op.add_column("series", sa.Column("caution", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_column("caution")
    with op.batch_alter_table("edition", schema=None) as batch_op:
        batch_op.drop_column("ordinal")
    with op.batch_alter_table("series_topic", schema=None) as batch_op:
        batch_op.drop_column("confidence")
