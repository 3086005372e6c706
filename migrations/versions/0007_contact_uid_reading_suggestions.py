"""contacts get a stable random UID; readings may be suggestions (from sync) or dismissed

``contact.uid`` is what a vCard export names a card by, so that importing a later export
updates the same card: the row id was used before, and ids come back after a delete.
Contacts that exist get one now, each its own random ``urn:uuid:``.

``reading.status`` gains ``suggested`` (an arXiv sync puts papers there until the person
accepts them) and ``dismissed`` (a suggestion declined, kept so a later sync does not
suggest it again); the column widens to hold them. A downgrade cannot express those two,
so it deletes those readings: the person never put them on the list.

On SQLite both tables are copied by batch operations; ``contact`` and ``reading`` are
parents (follow-ups, notes, plan items, reading topics), which is safe because migrations
run with foreign keys off (``tracker.db._migration_transaction``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The statuses as they were and as they are (a migration is a snapshot: no model imports).
OLD_READING_STATUSES = "status IN ('to-read', 'reading', 'done')"
READING_STATUSES = "status IN ('to-read', 'reading', 'done', 'suggested', 'dismissed')"


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    contact_ids = connection.execute(sa.text("SELECT id FROM contact")).scalars().all()
    for contact_id in contact_ids:
        connection.execute(
            sa.text("UPDATE contact SET uid = :uid WHERE id = :id"),
            {"uid": f"urn:uuid:{uuid.uuid4()}", "id": contact_id},
        )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_contact_uid"), ["uid"])

    with op.batch_alter_table("reading", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_reading_status"), type_="check")
        batch_op.alter_column(
            "status", existing_type=sa.String(length=8), type_=sa.String(length=16), existing_nullable=False
        )
        batch_op.create_check_constraint(batch_op.f("ck_reading_status"), READING_STATUSES)


def downgrade() -> None:
    op.execute("DELETE FROM reading WHERE status IN ('suggested', 'dismissed')")
    with op.batch_alter_table("reading", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_reading_status"), type_="check")
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=8), existing_nullable=False
        )
        batch_op.create_check_constraint(batch_op.f("ck_reading_status"), OLD_READING_STATUSES)

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_contact_uid"), type_="unique")
        batch_op.drop_column("uid")
