"""an early-bird fee says until when it applies, and every fee when it was last confirmed

``fee`` gains ``early_until`` (the instant the early-bird rate ends, UTC), ``early_until_zone``
(the zone the page wrote it in: "AoE", "UTC", an IANA name) and ``confirmed_at`` (when the
fee was last read on its source page). A fee that is not early has no end of its own (the
seed leaves ``early_until`` empty for it). Existing rows keep their values and get none of
the new ones (unknown).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy): the first run migrates while other processes wait
    # on the lock, so this step stays instant.
    op.add_column("fee", sa.Column("early_until", sa.DateTime(), nullable=True))
    op.add_column("fee", sa.Column("early_until_zone", sa.String(length=64), nullable=True))
    op.add_column("fee", sa.Column("confirmed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fee", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("early_until_zone")
        batch_op.drop_column("early_until")
