"""series store their quality composite

``series`` gains ``quality_score``, ``quality_mean``, ``quality_confidence``,
``quality_inherited`` and ``quality_overridden``: the composite of
``tracker.catalog.quality``, which listings and recommend read instead of recomputing it
from every signal on every call. The upgrade computes it for the series already stored.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 15:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("quality_score", "quality_mean", "quality_confidence", "quality_inherited", "quality_overridden")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: nullable or with a default, so no copy of the table.
    op.add_column("series", sa.Column("quality_score", sa.Float(), nullable=True))
    op.add_column("series", sa.Column("quality_mean", sa.Float(), nullable=True))
    op.add_column("series", sa.Column("quality_confidence", sa.Float(), server_default="0", nullable=False))
    op.add_column(
        "series", sa.Column("quality_inherited", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "series", sa.Column("quality_overridden", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    # The arithmetic is the application's (data/quality.yml's scales): it reads only the
    # signal, rate and edition columns of 0001 and writes the columns above.
    from tracker.catalog.quality_store import store_composites

    store_composites(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("series", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
