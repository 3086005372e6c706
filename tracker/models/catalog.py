"""The catalog: series, their editions, deadlines, fees and quality signals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, UTCDateTime, one_of

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


class Series(Base):
    """A recurring conference or workshop (NeurIPS, the AABI workshop, ...)."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Canonical key: the DBLP key where one is known ("nips", "iclr"), else a slug.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    acronym: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(16), default="conference")
    dblp: Mapped[str | None] = mapped_column(String(64))
    ccf_category: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(32), default="manual")
    # Why an unvetted series is not to be trusted (a predatory pattern); None: nothing known.
    caution: Mapped[str | None] = mapped_column(String(300))
    # The quality composite (tracker.catalog.quality), stored so that listings and recommend
    # read it instead of recomputing it from every signal on every call; kept by
    # quality.store_composites whenever a signal, a rate or a workshop's parent changes.
    # score/mean None: nothing known.
    quality_score: Mapped[float | None] = mapped_column(Float)
    quality_mean: Mapped[float | None] = mapped_column(Float)
    quality_confidence: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    quality_inherited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quality_overridden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    aliases: Mapped[list[SeriesAlias]] = relationship(back_populates="series", cascade="all, delete-orphan")
    topics: Mapped[list[SeriesTopic]] = relationship(back_populates="series", cascade="all, delete-orphan")
    editions: Mapped[list[Edition]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="Edition.year"
    )
    signals: Mapped[list[QualitySignal]] = relationship(back_populates="series", cascade="all, delete-orphan")
    accept_rates: Mapped[list[AcceptRate]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="AcceptRate.year"
    )

    __table_args__ = (CheckConstraint(one_of("kind", EDITION_KINDS), name="kind"),)

    @property
    def topic_keys(self) -> list[str]:
        return sorted(t.topic for t in self.topics)


class SeriesAlias(Base):
    """Another name of a series (SIGKDD = KDD, NIPS = NeurIPS), normalised lower-case."""

    __tablename__ = "series_alias"

    alias: Mapped[str] = mapped_column(String(100), primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(32), default="manual")

    series: Mapped[Series] = relationship(back_populates="aliases")


class SeriesTopic(Base):
    """A topic key (from ``data/topics.yml``) that a series covers."""

    __tablename__ = "series_topic"

    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    # The talk classifier's probability when the topic was read from a call's text;
    # None when a source's codes or the series' name gave it.
    confidence: Mapped[float | None] = mapped_column(Float)

    series: Mapped[Series] = relationship(back_populates="topics")


class Edition(Base):
    """One year of a series: dates, place, mode and fees; a workshop may have a parent."""

    __tablename__ = "edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    # Human key used on the command line: "<series key><year>", e.g. "iclr2026".
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="conference")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    venue: Mapped[str | None] = mapped_column(Text)
    place_text: Mapped[str | None] = mapped_column(String(300))  # as the source wrote it
    link: Mapped[str | None] = mapped_column(String(500))
    mode: Mapped[str] = mapped_column(String(16), default="in-person")
    note: Mapped[str | None] = mapped_column(Text)
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    # For an estimated edition: the spread (days) of the history it was projected from.
    estimate_spread_days: Mapped[int | None] = mapped_column(Integer)
    # "The 3rd ... workshop": this edition's place in its series as its call says (None: unsaid).
    ordinal: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(32), default="manual")

    series: Mapped[Series] = relationship(back_populates="editions")
    parent: Mapped[Edition | None] = relationship(remote_side=[id])
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Deadline.at_utc"
    )
    fees: Mapped[list[Fee]] = relationship(back_populates="edition", cascade="all, delete-orphan")
    sources: Mapped[list[EditionSource]] = relationship(
        back_populates="edition", cascade="all, delete-orphan"
    )
    claims: Mapped[list[EditionClaim]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="EditionClaim.source"
    )

    __table_args__ = (
        UniqueConstraint("series_id", "year"),
        CheckConstraint(one_of("kind", EDITION_KINDS), name="kind"),
        CheckConstraint(one_of("mode", MODES), name="mode"),
        CheckConstraint("start_date IS NULL OR end_date IS NULL OR start_date <= end_date", name="dates"),
    )


class EditionSource(Base):
    """Every source that mentions an edition, with its id there (provenance)."""

    __tablename__ = "edition_source"

    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(120))

    edition: Mapped[Edition] = relationship(back_populates="sources")


class EditionClaim(Base):
    """What one upstream source says about an edition, kept whether or not it won the merge.

    The edition's own columns are the reconciled set everything else reads
    (``catalog.importers.reconcile`` decides them from these claims). The stamps say when
    this source last listed the edition (``confirmed_at``), when each group of its facts last
    changed there as seen by a sync (None: never seen to change), and when it stopped listing
    the edition (``withdrawn_at``).
    """

    __tablename__ = "edition_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(100))
    place_text: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    mode: Mapped[str | None] = mapped_column(String(16))
    venue: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dates_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship(back_populates="claims")
    deadlines: Mapped[list[DeadlineClaim]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="DeadlineClaim.at_utc"
    )

    __table_args__ = (UniqueConstraint("edition_id", "source"),)


class DeadlineClaim(Base):
    """One deadline as one source lists it (see :class:`EditionClaim` for the stamps)."""

    __tablename__ = "deadline_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("edition_claim.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(24))
    label: Mapped[str | None] = mapped_column(String(200))
    round: Mapped[int | None] = mapped_column(Integer)
    at_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    local_text: Mapped[str] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    claim: Mapped[EditionClaim] = relationship(back_populates="deadlines")

    __table_args__ = (CheckConstraint(one_of("type", DEADLINE_TYPES), name="type"),)


class Deadline(Base):
    """A typed deadline, stored as a UTC instant with the original local text and zone."""

    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(24))
    label: Mapped[str | None] = mapped_column(String(200))
    round: Mapped[int | None] = mapped_column(Integer)
    at_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    local_text: Mapped[str] = mapped_column(String(40))  # "2026-05-06 23:59:59"
    timezone: Mapped[str] = mapped_column(String(64))  # as given: "AoE", "UTC-12", "America/..."
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default="manual")

    edition: Mapped[Edition] = relationship(back_populates="deadlines")

    __table_args__ = (CheckConstraint(one_of("type", DEADLINE_TYPES), name="type"),)


class Fee(Base):
    """A known registration fee of an edition (amount in ``currency``), with its source.

    An early-bird fee may carry the instant its rate ends (``early_until``, with the zone
    the page gave it in, "AoE" or "UTC" or an IANA name, so it can be shown as written);
    ``confirmed_at`` is when the fee was last read on its source page.
    """

    __tablename__ = "fee"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    early: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(300))
    early_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    early_until_zone: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship(back_populates="fees")

    __table_args__ = (
        UniqueConstraint("edition_id", "category", "early"),
        CheckConstraint(one_of("category", FEE_CATEGORIES), name="category"),
        CheckConstraint("amount >= 0", name="amount"),
    )


class QualitySignal(Base):
    """One quality signal of a series: a CORE rank, a CCF class, an h5-index, a manual override."""

    __tablename__ = "quality_signal"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(32))  # raw: "A*", "B", "87", "0.92"
    year: Mapped[int | None] = mapped_column(Integer)
    provenance: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str | None] = mapped_column(Text)  # required for a manual override

    series: Mapped[Series] = relationship(back_populates="signals")

    __table_args__ = (
        UniqueConstraint("series_id", "source"),
        CheckConstraint(one_of("source", QUALITY_SOURCES), name="source"),
    )


class AcceptRate(Base):
    """Acceptance figures of one year of a series."""

    __tablename__ = "accept_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    submitted: Mapped[int | None] = mapped_column(Integer)
    accepted: Mapped[int | None] = mapped_column(Integer)
    rate: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500), default="")

    series: Mapped[Series] = relationship(back_populates="accept_rates")

    __table_args__ = (
        UniqueConstraint("series_id", "year"),
        CheckConstraint("rate >= 0 AND rate <= 1", name="rate"),
    )
