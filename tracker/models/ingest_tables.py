"""The ingest room's tables read without the ORM (Core): sources and the change log.

``tracker upcoming``, ``db info`` and ``recommend`` say how fresh the catalog is (the last
successful sync of a ``source``) and ``upcoming`` highlights what recent syncs changed
(``change``); they query these tables' columns, so a cold process neither imports
``sqlalchemy.orm`` nor builds a mapper for that. :mod:`tracker.models.ingest` maps its
classes onto them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, Integer, String, Table, Text, false, true

from tracker.models.base import UTCDateTime, metadata, one_of

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

# A URL that ``tracker sync`` fetches, of one kind, with the state of its last fetch.
source = Table(
    "source",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), unique=True, nullable=False),
    Column("url", String(2000), nullable=False),
    Column("kind", String(16), nullable=False),
    # For programmes (ics) and feeds of talks: the edition key the talks belong to. A feed
    # source without one is read as papers (readings).
    Column("edition_key", String(80)),
    # Validators of the last 200 answer, sent back as If-None-Match / If-Modified-Since.
    Column("etag", String(300)),
    Column("last_modified", String(100)),
    Column("last_fetched_at", UTCDateTime),
    # "ok", "not-modified", "warning" or "error"; last_error holds the message of the last failure.
    Column("last_status", String(16)),
    Column("last_error", Text),
    Column("added_at", UTCDateTime, nullable=False),
    # A source shipped in data/sources.yml (see tracker.ingest.builtin): its row keeps the
    # person's choices -- their own URL (custom_url), ccf areas (NULL: the shipped default),
    # on or off -- and its fetch state; everything else comes from the shipped file.
    Column("builtin", Boolean, default=False, server_default=false(), nullable=False),
    Column("enabled", Boolean, default=True, server_default=true(), nullable=False),
    Column("custom_url", Boolean, default=False, server_default=false(), nullable=False),
    # ccf: the comma-separated area codes whose files reach the catalog (NULL: all, or for a
    # built-in source the shipped default).
    Column("areas", String(200)),
    # The last fetch that succeeded (stored, or 304 Not Modified).
    Column("last_ok_at", UTCDateTime),
    CheckConstraint(one_of("kind", SOURCE_KINDS), name="kind"),
)

# One change noticed by a sync: what (kind), about what (subject), from what to what.
change = Table(
    "change",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, index=True, nullable=False),
    # The source's name at the time (kept as text: the log outlives a removed source).
    Column("source", String(64), nullable=False),
    Column("kind", String(24), nullable=False),
    # What changed: an edition key ("neurips2026"), an arXiv id, a talk uid.
    Column("subject", String(300), index=True, nullable=False),
    Column("from_value", Text),
    Column("to_value", Text),
    Column("detail", Text, default="", nullable=False),
    CheckConstraint(one_of("kind", CHANGE_KINDS), name="kind"),
)
