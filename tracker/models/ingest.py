"""Tables of the ingest room: where data comes from, what was seen there, and what changed.

- :class:`Source` is one URL that ``tracker sync`` fetches, with the validators of the last
  answer (ETag, Last-Modified) so the next fetch can be conditional.
- :class:`SeenEntry` remembers each entry of a source by its id and a hash of its content, so
  an entry that comes back unchanged in the next run is skipped instead of re-stored.
- :class:`Change` is the change log: one row per thing that moved (a deadline, a venue, a new
  call for papers), shown by ``tracker changes`` and highlighted by ``tracker upcoming``.

Source and Change are mapped onto their tables in :mod:`tracker.models.ingest_tables`
(where the columns, their comments and the constraints are), which the freshness line
and the change highlights read without the ORM.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models import ingest_tables as tables
from tracker.models.base import UTCDateTime
from tracker.models.orm import Base


class Source(Base):
    """A URL that ``tracker sync`` fetches, of one kind, with the state of its last fetch."""

    __table__ = tables.source

    id: Mapped[int]
    name: Mapped[str]
    url: Mapped[str]
    kind: Mapped[str]
    edition_key: Mapped[str | None]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    last_fetched_at: Mapped[datetime | None]
    last_status: Mapped[str | None]
    last_error: Mapped[str | None]
    added_at: Mapped[datetime]
    builtin: Mapped[bool]
    enabled: Mapped[bool]
    custom_url: Mapped[bool]
    areas: Mapped[str | None]
    last_ok_at: Mapped[datetime | None]

    seen: Mapped[list[SeenEntry]] = relationship(back_populates="source", cascade="all, delete-orphan")


class SeenEntry(Base):
    """An entry of a source already stored: its id there and a hash of what was stored."""

    __tablename__ = "seen_entry"

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), primary_key=True)
    entry_key: Mapped[str] = mapped_column(String(500), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When its content was last stored (an unchanged entry is skipped and not rewritten).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    source: Mapped[Source] = relationship(back_populates="seen")


class Change(Base):
    """One change noticed by a sync: what (kind), about what (subject), from what to what."""

    __table__ = tables.change

    id: Mapped[int]
    at: Mapped[datetime]
    source: Mapped[str]
    kind: Mapped[str]
    subject: Mapped[str]
    from_value: Mapped[str | None]
    to_value: Mapped[str | None]
    detail: Mapped[str]
