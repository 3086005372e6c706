"""The catalog's mapped classes: series, their editions, deadlines, fees and quality signals.

Each class is mapped onto its table in :mod:`tracker.models.catalog_tables` (where the
columns, their comments and the constraints are); the annotations here type the attributes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from tracker.models import catalog_tables as tables
from tracker.models.orm import Base


class Series(Base):
    """A recurring conference or workshop (NeurIPS, the AABI workshop, ...)."""

    __table__ = tables.series

    id: Mapped[int]
    key: Mapped[str]
    acronym: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    dblp: Mapped[str | None]
    ccf_category: Mapped[str | None]
    source: Mapped[str]
    caution: Mapped[str | None]
    quality_score: Mapped[float | None]
    quality_mean: Mapped[float | None]
    quality_confidence: Mapped[float]
    quality_inherited: Mapped[bool]
    quality_overridden: Mapped[bool]

    aliases: Mapped[list[SeriesAlias]] = relationship(back_populates="series", cascade="all, delete-orphan")
    topics: Mapped[list[SeriesTopic]] = relationship(back_populates="series", cascade="all, delete-orphan")
    editions: Mapped[list[Edition]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="Edition.year"
    )
    signals: Mapped[list[QualitySignal]] = relationship(back_populates="series", cascade="all, delete-orphan")
    accept_rates: Mapped[list[AcceptRate]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="AcceptRate.year"
    )

    @property
    def topic_keys(self) -> list[str]:
        return sorted(t.topic for t in self.topics)


class SeriesAlias(Base):
    """Another name of a series (SIGKDD = KDD, NIPS = NeurIPS), normalised lower-case."""

    __table__ = tables.series_alias

    alias: Mapped[str]
    series_id: Mapped[int]
    source: Mapped[str]

    series: Mapped[Series] = relationship(back_populates="aliases")


class SeriesTopic(Base):
    """A topic key (from ``data/topics.yml``) that a series covers."""

    __table__ = tables.series_topic

    series_id: Mapped[int]
    topic: Mapped[str]
    confidence: Mapped[float | None]

    series: Mapped[Series] = relationship(back_populates="topics")


class Edition(Base):
    """One year of a series: dates, place, mode and fees; a workshop may have a parent."""

    __table__ = tables.edition

    id: Mapped[int]
    series_id: Mapped[int]
    year: Mapped[int]
    key: Mapped[str]
    kind: Mapped[str]
    parent_id: Mapped[int | None]
    title: Mapped[str]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    date_text: Mapped[str | None]
    city: Mapped[str | None]
    region: Mapped[str | None]
    country: Mapped[str | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    venue: Mapped[str | None]
    place_text: Mapped[str | None]
    link: Mapped[str | None]
    mode: Mapped[str]
    note: Mapped[str | None]
    estimated: Mapped[bool]
    estimate_spread_days: Mapped[int | None]
    ordinal: Mapped[int | None]
    source: Mapped[str]

    series: Mapped[Series] = relationship(back_populates="editions")
    parent: Mapped[Edition | None] = relationship(remote_side=[tables.edition.c.id])
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


class EditionSource(Base):
    """Every source that mentions an edition, with its id there (provenance)."""

    __table__ = tables.edition_source

    edition_id: Mapped[int]
    source: Mapped[str]
    external_id: Mapped[str | None]

    edition: Mapped[Edition] = relationship(back_populates="sources")


class EditionClaim(Base):
    """What one upstream source says about an edition, kept whether or not it won the merge.

    The edition's own columns are the reconciled set everything else reads
    (``catalog.importers.reconcile`` decides them from these claims). The stamps say when
    this source last listed the edition (``confirmed_at``), when each group of its facts last
    changed there as seen by a sync (None: never seen to change), and when it stopped listing
    the edition (``withdrawn_at``).
    """

    __table__ = tables.edition_claim

    id: Mapped[int]
    edition_id: Mapped[int]
    source: Mapped[str]
    title: Mapped[str | None]
    link: Mapped[str | None]
    note: Mapped[str | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    date_text: Mapped[str | None]
    place_text: Mapped[str | None]
    city: Mapped[str | None]
    region: Mapped[str | None]
    country: Mapped[str | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    mode: Mapped[str | None]
    venue: Mapped[str | None]
    first_seen_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    text_changed_at: Mapped[datetime | None]
    dates_changed_at: Mapped[datetime | None]
    place_changed_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship(back_populates="claims")
    deadlines: Mapped[list[DeadlineClaim]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="DeadlineClaim.at_utc"
    )


class DeadlineClaim(Base):
    """One deadline as one source lists it (see :class:`EditionClaim` for the stamps)."""

    __table__ = tables.deadline_claim

    id: Mapped[int]
    claim_id: Mapped[int]
    type: Mapped[str]
    label: Mapped[str | None]
    round: Mapped[int | None]
    at_utc: Mapped[datetime]
    local_text: Mapped[str]
    timezone: Mapped[str]
    first_seen_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    changed_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    claim: Mapped[EditionClaim] = relationship(back_populates="deadlines")


class Deadline(Base):
    """A typed deadline, stored as a UTC instant with the original local text and zone."""

    __table__ = tables.deadline

    id: Mapped[int]
    edition_id: Mapped[int]
    type: Mapped[str]
    label: Mapped[str | None]
    round: Mapped[int | None]
    at_utc: Mapped[datetime]
    local_text: Mapped[str]
    timezone: Mapped[str]
    estimated: Mapped[bool]
    source: Mapped[str]

    edition: Mapped[Edition] = relationship(back_populates="deadlines")


class Fee(Base):
    """A known registration fee of an edition (amount in ``currency``), with its source.

    An early-bird fee may carry the instant its rate ends (``early_until``, with the zone
    the page gave it in, "AoE" or "UTC" or an IANA name, so it can be shown as written);
    ``confirmed_at`` is when the fee was last read on its source page.
    """

    __table__ = tables.fee

    id: Mapped[int]
    edition_id: Mapped[int]
    category: Mapped[str]
    early: Mapped[bool]
    amount: Mapped[float]
    currency: Mapped[str]
    source: Mapped[str]
    early_until: Mapped[datetime | None]
    early_until_zone: Mapped[str | None]
    confirmed_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship(back_populates="fees")


class QualitySignal(Base):
    """One quality signal of a series: a CORE rank, a CCF class, an h5-index, a manual override."""

    __table__ = tables.quality_signal

    id: Mapped[int]
    series_id: Mapped[int]
    source: Mapped[str]
    value: Mapped[str]
    year: Mapped[int | None]
    provenance: Mapped[str]
    reason: Mapped[str | None]

    series: Mapped[Series] = relationship(back_populates="signals")


class AcceptRate(Base):
    """Acceptance figures of one year of a series."""

    __table__ = tables.accept_rate

    id: Mapped[int]
    series_id: Mapped[int]
    year: Mapped[int]
    submitted: Mapped[int | None]
    accepted: Mapped[int | None]
    rate: Mapped[float]
    source: Mapped[str]

    series: Mapped[Series] = relationship(back_populates="accept_rates")
