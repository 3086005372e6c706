"""the profile holds the person's passports (for the visa each destination needs)

``profile.passports`` is a JSON list of ISO 3166-1 alpha-2 codes; NULL (every profile saved
before) means none given, and recommend then leaves visas out.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passports", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("passports")
