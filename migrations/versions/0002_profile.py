"""the person's profile (home, interests, budget, window, weights)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("home_text", sa.String(length=200), nullable=True),
        sa.Column("home_city", sa.String(length=120), nullable=True),
        sa.Column("home_country", sa.String(length=2), nullable=True),
        sa.Column("home_latitude", sa.Float(), nullable=True),
        sa.Column("home_longitude", sa.Float(), nullable=True),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("student", sa.Boolean(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("available_to", sa.Date(), nullable=True),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("prep_days", sa.Integer(), nullable=False),
        sa.Column("virtual_ok", sa.Boolean(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("mode IN ('attend', 'submit')", name=op.f("ck_profile_mode")),
        sa.CheckConstraint("budget IS NULL OR budget > 0", name=op.f("ck_profile_budget")),
        sa.CheckConstraint("prep_days >= 0", name=op.f("ck_profile_prep_days")),
        sa.CheckConstraint(
            "available_from IS NULL OR available_to IS NULL OR available_from <= available_to",
            name=op.f("ck_profile_window"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
        sa.UniqueConstraint("name", name=op.f("uq_profile_name")),
    )


def downgrade() -> None:
    op.drop_table("profile")
