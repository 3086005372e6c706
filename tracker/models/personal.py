"""Tables of the personal room: status history, plans, notes (+ FTS), contacts, follow-ups.

Everything here is the person's own data. Notes and plan items point at an edition
without ``ON DELETE CASCADE`` on purpose: a catalog clean-up must fail loudly rather
than silently delete what someone wrote.

The full-text index ``note_fts`` is an SQLite FTS5 table kept by triggers; it is not
a model (FTS5 is SQLite-only) but is created by the ``0003`` migration, and made again
over the view ``note_fts_source`` (the text as tracker/cjk.py splits it) by ``0012``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import FTS_TABLE, UTCDateTime, one_of
from tracker.models.catalog import Edition
from tracker.models.learning import Talk
from tracker.models.orm import Base

# The path through a conference, in order; "skipped" may end it at any point.
STATUSES = (
    "interested",
    "planning",
    "submitted",
    "accepted",
    "registered",
    "attending",
    "attended",
    "skipped",
)
PLAN_KINDS = ("session", "person", "question", "reading", "task")


def is_unmanaged_table(name: str) -> bool:
    """True for the FTS5 index and the tables beside it (``note_fts``, ``note_fts_data``, ...).

    They exist only in SQLite databases and only through the migrations: schema
    comparisons must skip them.
    """
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


class StatusChange(Base):
    """One step of a person's path through an edition; the latest one is the current status."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    # The day the status applies from (given with --on, default today).
    on_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)

    edition: Mapped[Edition] = relationship()

    __table_args__ = (CheckConstraint(one_of("status", STATUSES), name="status"),)


def new_contact_uid() -> str:
    """A contact's UID for vCard: random, made once and kept, so a client updates the same card."""
    return f"urn:uuid:{uuid.uuid4()}"


class Contact(Base):
    """A person met (or to meet); topics are kept as a comma-separated list."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Not the row id: ids are reused after a delete, and a client would merge two people.
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_contact_uid)
    affiliation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    url: Mapped[str | None] = mapped_column(String(500))
    topics: Mapped[str | None] = mapped_column(Text)
    met_edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("edition.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    met_edition: Mapped[Edition | None] = relationship()
    followups: Mapped[list[FollowUp]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="FollowUp.due"
    )

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in (self.topics or "").split(",") if t.strip()]


class Note(Base):
    """A Markdown note on an edition, optionally about a talk and a contact, with tags."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id"), index=True)
    # A talk of the learning room (made a foreign key by migration 0006).
    # By the class, not by name: whoever loads notes loads the talk table its key refers to.
    talk_id: Mapped[int | None] = mapped_column(ForeignKey(Talk.id, ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    contact: Mapped[Contact | None] = relationship()
    tags: Mapped[list[NoteTag]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteTag.tag"
    )

    @property
    def tag_list(self) -> list[str]:
        return [t.tag for t in self.tags]


class NoteTag(Base):
    """A tag on a note (lower-case, no spaces)."""

    __tablename__ = "note_tag"

    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)

    note: Mapped[Note] = relationship(back_populates="tags")


class PlanItem(Base):
    """One line of the preparation checklist of an edition; ``position`` is its number N."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        UniqueConstraint("edition_id", "position"),
        CheckConstraint(one_of("kind", PLAN_KINDS), name="kind"),
    )


class FollowUp(Base):
    """Something to do for a contact by a day ("send the paper", "ask about the internship")."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    due: Mapped[date] = mapped_column(Date, index=True)
    what: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = relationship(back_populates="followups")


class FeedEvent(Base):
    """An event once written to ``tracker calendar feed``: the fingerprint of its dates and its SEQUENCE."""

    __tablename__ = "feed_event"

    uid: Mapped[str] = mapped_column(String(300), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime)
