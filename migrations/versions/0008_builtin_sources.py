"""sources: built-in ones (shipped in data/sources.yml), on or off, the person's own URL,
ccf areas, and when each last synced successfully

A built-in source's row holds the person's choices only where they made one: ``custom_url``
says the URL is theirs (else the shipped one is used, so a new tracker version can move it),
``areas`` the ccf areas they chose (NULL: the shipped default), ``enabled`` whether sync
fetches it. ``last_ok_at`` is the last fetch that succeeded (stored, or 304 Not Modified):
``tracker sync --if-older`` and the catalog's age are read from it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("builtin", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("custom_url", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("areas", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("last_ok_at", sa.DateTime(), nullable=True))
    # Sources synced before this revision: their last success is their last good fetch.
    op.execute(
        "UPDATE source SET last_ok_at = last_fetched_at "
        "WHERE last_status IN ('ok', 'warning', 'not-modified')"
    )


def downgrade() -> None:
    # Built-in rows are re-created from data/sources.yml by a newer tracker; an older one
    # would show them as sources the person added.
    op.execute("DELETE FROM source WHERE builtin")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("last_ok_at")
        batch_op.drop_column("areas")
        batch_op.drop_column("custom_url")
        batch_op.drop_column("enabled")
        batch_op.drop_column("builtin")
