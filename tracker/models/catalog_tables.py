"""The catalog's tables (Core): series, their editions, deadlines, fees and quality signals.

The listings (``conf list``, the quality columns, the "has not ended" rule) query these
tables without the ORM, so a cold ``tracker conf list`` neither imports ``sqlalchemy.orm``
nor builds a mapper. :mod:`tracker.models.catalog` maps its classes onto them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from tracker.models.base import UTCDateTime, metadata, one_of

EDITION_KINDS = ("conference", "workshop")
MODES = ("in-person", "hybrid", "virtual")
DEADLINE_TYPES = (
    "abstract",
    "paper",
    "supplementary",
    "rebuttal_start",
    "rebuttal_end",
    "notification",
    "camera_ready",
    "registration",
    "other",
)
QUALITY_SOURCES = ("core", "ccf", "thcpl", "era", "h5_index", "acceptance_rate", "manual")
FEE_CATEGORIES = ("regular", "student")


# A recurring conference or workshop (NeurIPS, the AABI workshop, ...).
series = Table(
    "series",
    metadata,
    Column("id", Integer, primary_key=True),
    # Canonical key: the DBLP key where one is known ("nips", "iclr"), else a slug.
    Column("key", String(64), unique=True, nullable=False),
    Column("acronym", String(64), nullable=False),
    Column("name", String(300), default="", nullable=False),
    Column("kind", String(16), default="conference", nullable=False),
    Column("dblp", String(64)),
    Column("ccf_category", String(8)),
    Column("source", String(32), default="manual", nullable=False),
    # Why an unvetted series is not to be trusted (a predatory pattern); None: nothing known.
    Column("caution", String(300)),
    # The quality composite (tracker.catalog.quality), stored so that listings and recommend
    # read it instead of recomputing it from every signal on every call; kept by
    # quality_store.store_composites whenever a signal, a rate or a workshop's parent changes.
    # score/mean None: nothing known.
    Column("quality_score", Float),
    Column("quality_mean", Float),
    Column("quality_confidence", Float, default=0.0, server_default="0", nullable=False),
    Column("quality_inherited", Boolean, default=False, server_default=false(), nullable=False),
    Column("quality_overridden", Boolean, default=False, server_default=false(), nullable=False),
    CheckConstraint(one_of("kind", EDITION_KINDS), name="kind"),
)

# Another name of a series (SIGKDD = KDD, NIPS = NeurIPS), normalised lower-case.
series_alias = Table(
    "series_alias",
    metadata,
    Column("alias", String(100), primary_key=True),
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("source", String(32), default="manual", nullable=False),
)

# A topic key (from ``data/topics.yml``) that a series covers.
series_topic = Table(
    "series_topic",
    metadata,
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(64), primary_key=True, index=True),
    # The talk classifier's probability when the topic was read from a call's text;
    # None when a source's codes or the series' name gave it.
    Column("confidence", Float),
)

# One year of a series: dates, place, mode and fees; a workshop may have a parent.
edition = Table(
    "edition",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("year", Integer, nullable=False),
    # Human key used on the command line: "<series key><year>", e.g. "iclr2026".
    Column("key", String(80), unique=True, nullable=False),
    Column("kind", String(16), default="conference", nullable=False),
    Column("parent_id", ForeignKey("edition.id", ondelete="SET NULL"), index=True),
    Column("title", String(300), default="", nullable=False),
    Column("start_date", Date, index=True),
    Column("end_date", Date),
    Column("date_text", String(100)),
    Column("city", String(120)),
    Column("region", String(120)),
    Column("country", String(2)),  # ISO 3166-1 alpha-2
    Column("latitude", Float),
    Column("longitude", Float),
    Column("venue", Text),
    Column("place_text", String(300)),  # as the source wrote it
    Column("link", String(500)),
    Column("mode", String(16), default="in-person", nullable=False),
    Column("note", Text),
    Column("estimated", Boolean, default=False, nullable=False),
    # For an estimated edition: the spread (days) of the history it was projected from.
    Column("estimate_spread_days", Integer),
    # "The 3rd ... workshop": this edition's place in its series as its call says (None: unsaid).
    Column("ordinal", Integer),
    Column("source", String(32), default="manual", nullable=False),
    UniqueConstraint("series_id", "year"),
    CheckConstraint(one_of("kind", EDITION_KINDS), name="kind"),
    CheckConstraint(one_of("mode", MODES), name="mode"),
    CheckConstraint("start_date IS NULL OR end_date IS NULL OR start_date <= end_date", name="dates"),
)

# Every source that mentions an edition, with its id there (provenance).
edition_source = Table(
    "edition_source",
    metadata,
    Column("edition_id", ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True),
    Column("source", String(32), primary_key=True),
    Column("external_id", String(120)),
)

# What one upstream source says about an edition, kept whether or not it won the merge.
edition_claim = Table(
    "edition_claim",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("edition_id", ForeignKey("edition.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("source", String(32), nullable=False),
    Column("title", String(300)),
    Column("link", String(500)),
    Column("note", Text),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("date_text", String(100)),
    Column("place_text", String(300)),
    Column("city", String(120)),
    Column("region", String(120)),
    Column("country", String(2)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("mode", String(16)),
    Column("venue", Text),
    Column("first_seen_at", UTCDateTime),
    Column("confirmed_at", UTCDateTime),
    Column("text_changed_at", UTCDateTime),
    Column("dates_changed_at", UTCDateTime),
    Column("place_changed_at", UTCDateTime),
    Column("withdrawn_at", UTCDateTime),
    UniqueConstraint("edition_id", "source"),
)

# One deadline as one source lists it (the stamps as in edition_claim).
deadline_claim = Table(
    "deadline_claim",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", ForeignKey("edition_claim.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("type", String(24), nullable=False),
    Column("label", String(200)),
    Column("round", Integer),
    Column("at_utc", UTCDateTime, nullable=False),
    Column("local_text", String(40), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("first_seen_at", UTCDateTime),
    Column("confirmed_at", UTCDateTime),
    Column("changed_at", UTCDateTime),
    Column("withdrawn_at", UTCDateTime),
    CheckConstraint(one_of("type", DEADLINE_TYPES), name="type"),
)

# A typed deadline, stored as a UTC instant with the original local text and zone.
deadline = Table(
    "deadline",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("edition_id", ForeignKey("edition.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("type", String(24), nullable=False),
    Column("label", String(200)),
    Column("round", Integer),
    Column("at_utc", UTCDateTime, index=True, nullable=False),
    Column("local_text", String(40), nullable=False),  # "2026-05-06 23:59:59"
    Column("timezone", String(64), nullable=False),  # as given: "AoE", "UTC-12", "America/..."
    Column("estimated", Boolean, default=False, nullable=False),
    Column("source", String(32), default="manual", nullable=False),
    CheckConstraint(one_of("type", DEADLINE_TYPES), name="type"),
)

# A known registration fee of an edition (amount in ``currency``), with its source.
fee = Table(
    "fee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("edition_id", ForeignKey("edition.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("category", String(16), nullable=False),
    Column("early", Boolean, default=False, nullable=False),
    Column("amount", Float, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("source", String(300), nullable=False),
    Column("early_until", UTCDateTime),
    Column("early_until_zone", String(64)),
    Column("confirmed_at", UTCDateTime),
    UniqueConstraint("edition_id", "category", "early"),
    CheckConstraint(one_of("category", FEE_CATEGORIES), name="category"),
    CheckConstraint("amount >= 0", name="amount"),
)

# One quality signal of a series: a CORE rank, a CCF class, an h5-index, a manual override.
quality_signal = Table(
    "quality_signal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("source", String(24), nullable=False),
    Column("value", String(32), nullable=False),  # raw: "A*", "B", "87", "0.92"
    Column("year", Integer),
    Column("provenance", String(300), default="", nullable=False),
    Column("reason", Text),  # required for a manual override
    UniqueConstraint("series_id", "source"),
    CheckConstraint(one_of("source", QUALITY_SOURCES), name="source"),
)

# Acceptance figures of one year of a series.
accept_rate = Table(
    "accept_rate",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("series_id", ForeignKey("series.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("year", Integer, nullable=False),
    Column("submitted", Integer),
    Column("accepted", Integer),
    Column("rate", Float, nullable=False),
    Column("source", String(500), default="", nullable=False),
    UniqueConstraint("series_id", "year"),
    CheckConstraint("rate >= 0 AND rate <= 1", name="rate"),
)
