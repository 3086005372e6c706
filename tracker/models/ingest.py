"""Tables of the ingest room: where data comes from, what was seen there, and what changed.

- :class:`Source` is one URL that ``tracker sync`` fetches, with the validators of the last
  answer (ETag, Last-Modified) so the next fetch can be conditional.
- :class:`SeenEntry` remembers each entry of a source by its id and a hash of its content, so
  an entry that comes back unchanged in the next run is skipped instead of re-stored.
- :class:`Change` is the change log: one row per thing that moved (a deadline, a venue, a new
  call for papers), shown by ``tracker changes`` and highlighted by ``tracker upcoming``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import UTCDateTime, one_of
from tracker.models.orm import Base

SOURCE_KINDS = ("ccf", "hf", "pwc", "wikicfp", "arxiv", "ics", "feed", "virtual")
#: The kinds whose sources feed the conference catalog (through the importers).
CATALOG_KINDS = ("pwc", "hf", "ccf")
CHANGE_KINDS = (
    "new_edition",
    "deadline_moved",
    "deadline_added",
    "postponed",
    "dates_changed",
    "venue_changed",
    "new_cfp",
    "new_reading",
    "new_talk",
    "withdrawn",
)


class Source(Base):
    """A URL that ``tracker sync`` fetches, of one kind, with the state of its last fetch."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(16))
    # For programmes (ics) and feeds of talks: the edition key the talks belong to. A feed
    # source without one is read as papers (readings).
    edition_key: Mapped[str | None] = mapped_column(String(80))
    # Validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since.
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "ok", "not-modified", "warning" or "error"; last_error holds the message of the last failure.
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A source shipped in data/sources.yml (see tracker.ingest.builtin): its row keeps the
    # person's choices -- their own URL (custom_url), ccf areas (NULL: the shipped default),
    # on or off -- and its fetch state; everything else comes from the shipped file.
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    custom_url: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # ccf: the comma-separated area codes whose files reach the catalog (NULL: all, or for a
    # built-in source the shipped default).
    areas: Mapped[str | None] = mapped_column(String(200))
    # The last fetch that succeeded (stored, or 304 Not Modified).
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    seen: Mapped[list[SeenEntry]] = relationship(back_populates="source", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint(one_of("kind", SOURCE_KINDS), name="kind"),)


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

    __tablename__ = "change"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The source's name at the time (kept as text: the log outlives a removed source).
    source: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    # What changed: an edition key ("neurips2026"), an arXiv id, a talk uid.
    subject: Mapped[str] = mapped_column(String(300), index=True)
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint(one_of("kind", CHANGE_KINDS), name="kind"),)
