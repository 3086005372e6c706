"""every source's facts of an edition kept (edition_claim, deadline_claim); change kind "withdrawn"

The edition and its deadlines stay the one reconciled set the rest of tracker reads; these
two tables keep what each upstream source says, with when it last confirmed and changed it,
so the merge no longer drops the facts of the sources that lose.

An existing database gets one claim per source its rows came from: the edition's facts under
the edition's source, each real deadline under its own source (what is known of them; the
facts the older merge dropped come back with the next import or sync of their source).

``change.kind`` gains ``withdrawn`` (a source stopped listing an edition or a deadline); the
table is copied by a batch operation on SQLite. A downgrade deletes those log rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CHANGE_KINDS = (
    "kind IN ('new_edition', 'deadline_moved', 'deadline_added', 'postponed', 'dates_changed', "
    "'venue_changed', 'new_cfp', 'new_reading', 'new_talk')"
)
CHANGE_KINDS = (
    "kind IN ('new_edition', 'deadline_moved', 'deadline_added', 'postponed', 'dates_changed', "
    "'venue_changed', 'new_cfp', 'new_reading', 'new_talk', 'withdrawn')"
)
DEADLINE_TYPES = (
    "type IN ('abstract', 'paper', 'supplementary', 'rebuttal_start', 'rebuttal_end', 'notification', "
    "'camera_ready', 'registration', 'other')"
)
CATALOG_SOURCES = "('pwc', 'hf', 'ccf')"
FACTS = (
    "title, link, note, start_date, end_date, date_text, place_text, city, region, country, "
    "latitude, longitude, mode, venue"
)


def upgrade() -> None:
    op.create_table(
        "edition_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("date_text", sa.String(length=100), nullable=True),
        sa.Column("place_text", sa.String(length=300), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("region", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("text_changed_at", sa.DateTime(), nullable=True),
        sa.Column("dates_changed_at", sa.DateTime(), nullable=True),
        sa.Column("place_changed_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_edition_claim_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edition_claim")),
        sa.UniqueConstraint("edition_id", "source", name=op.f("uq_edition_claim_edition_id_source")),
    )
    op.create_index(op.f("ix_edition_claim_edition_id"), "edition_claim", ["edition_id"], unique=False)
    op.create_table(
        "deadline_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("local_text", sa.String(length=40), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(DEADLINE_TYPES, name=op.f("ck_deadline_claim_type")),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["edition_claim.id"],
            name=op.f("fk_deadline_claim_claim_id_edition_claim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_claim")),
    )
    op.create_index(op.f("ix_deadline_claim_claim_id"), "deadline_claim", ["claim_id"], unique=False)

    # What an existing database knows of each source: the edition's facts under its source,
    # each real deadline under its own.
    op.execute(
        f"INSERT INTO edition_claim (edition_id, source, {FACTS}) "
        f"SELECT id, source, {FACTS} FROM edition "
        f"WHERE estimated = {sa.false().compile(dialect=op.get_bind().dialect)} "
        f"AND source IN {CATALOG_SOURCES}"
    )
    real = f"d.estimated = {sa.false().compile(dialect=op.get_bind().dialect)}"
    op.execute(
        "INSERT INTO edition_claim (edition_id, source) "
        "SELECT DISTINCT d.edition_id, d.source FROM deadline d "
        f"WHERE {real} AND d.source IN {CATALOG_SOURCES} AND NOT EXISTS "
        "(SELECT 1 FROM edition_claim c WHERE c.edition_id = d.edition_id AND c.source = d.source)"
    )
    op.execute(
        "INSERT INTO deadline_claim (claim_id, type, label, round, at_utc, local_text, timezone) "
        "SELECT c.id, d.type, d.label, d.round, d.at_utc, d.local_text, d.timezone FROM deadline d "
        f"JOIN edition_claim c ON c.edition_id = d.edition_id AND c.source = d.source WHERE {real}"
    )

    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_change_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_change_kind"), CHANGE_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM change WHERE kind = 'withdrawn'")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_change_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_change_kind"), OLD_CHANGE_KINDS)
    with op.batch_alter_table("deadline_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_claim_claim_id"))
    op.drop_table("deadline_claim")
    with op.batch_alter_table("edition_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_edition_claim_edition_id"))
    op.drop_table("edition_claim")
