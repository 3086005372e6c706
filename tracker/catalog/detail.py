"""One series in detail (``tracker conf show``): every edition, deadline, signal, rate and fee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.quality import Quality, Signal, quality_for_series
from tracker.catalog.resolve import resolve_edition
from tracker.catalog.timezones import zone_name
from tracker.models.catalog import (
    Edition,
    Series,
)

# --- one series in detail -------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineInfo:
    type: str
    label: str | None
    round: int | None
    at_utc: datetime
    at_local: datetime  # the same instant in the reader's zone
    source_text: str  # as the source wrote it, with its zone: "2026-05-06 23:59:59 AoE"
    estimated: bool
    # An announced edition's estimated paper deadline: its past editions and rule, in words.
    basis: str | None = None


@dataclass(frozen=True)
class FeeInfo:
    category: str
    early: bool
    amount: float
    currency: str
    source: str


@dataclass(frozen=True)
class EditionInfo:
    key: str
    year: int
    kind: str
    title: str
    start_date: date | None
    end_date: date | None
    date_text: str | None
    city: str | None
    country: str | None
    venue: str | None
    mode: str
    link: str | None
    parent: str | None
    estimated: bool
    estimate_spread_days: int | None
    note: str | None
    deadlines: list[DeadlineInfo]
    fees: list[FeeInfo]


@dataclass(frozen=True)
class RateInfo:
    year: int
    rate: float
    submitted: int | None
    accepted: int | None
    source: str


@dataclass(frozen=True)
class QualityInfo:
    score: float | None
    confidence: float
    mean: float | None
    overridden: bool
    inherited: bool
    explanation: str
    signals: list[Signal]


@dataclass(frozen=True)
class TopicInfo:
    key: str
    confidence: float | None  # the classifier's probability; None: a source or the name gave it


@dataclass(frozen=True)
class WorkshopInfo:
    """A workshop held at the selected edition (``conf show neurips2024`` lists them)."""

    key: str
    title: str
    estimated: bool
    note: str | None
    topics: list[str]


@dataclass(frozen=True)
class EditionDetail:
    """A series with every edition, for ``tracker conf show``; ``selected`` is the KEY asked."""

    series_key: str
    acronym: str
    name: str
    kind: str
    dblp: str | None
    aliases: list[str]
    topics: list[str]
    selected: str
    local_zone: str
    quality: QualityInfo
    accept_rates: list[RateInfo]
    editions: list[EditionInfo] = field(default_factory=list)
    topic_confidence: list[TopicInfo] = field(default_factory=list)
    caution: str | None = None
    workshops: list[WorkshopInfo] = field(default_factory=list)  # held at the selected edition


def edition_detail(
    session: Session,
    key: str,
    *,
    now: datetime,
    tz: tzinfo | None = None,
    quality: dict[int, Quality] | None = None,
) -> EditionDetail:
    """Every edition of the series that ``key`` names; deadlines in UTC and in ``tz``.

    ``tz`` None means the reader's system zone (``TZ`` or the OS setting); each instant
    is converted on its own date, so daylight saving is right on both sides. ``quality``:
    every series' quality when the caller already has it (a static site shows hundreds).
    """
    chosen = resolve_edition(session, key, today=now.date())
    series = session.scalars(
        select(Series)
        .where(Series.id == chosen.series_id)
        .options(
            selectinload(Series.aliases),
            selectinload(Series.topics),
            selectinload(Series.editions).selectinload(Edition.deadlines),
            selectinload(Series.editions).selectinload(Edition.fees),
            selectinload(Series.editions).selectinload(Edition.parent),
            selectinload(Series.accept_rates),
        )
    ).one()
    qualities = quality if quality is not None else quality_for_series(session, only=[series.id])
    q = qualities.get(series.id) or Quality(score=None, confidence=0.0)

    def local(at: datetime) -> datetime:
        return at.astimezone(tz) if tz is not None else at.astimezone()

    editions = [
        EditionInfo(
            key=e.key,
            year=e.year,
            kind=e.kind,
            title=e.title,
            start_date=e.start_date,
            end_date=e.end_date,
            date_text=e.date_text,
            city=e.city,
            country=e.country,
            venue=e.venue,
            mode=e.mode,
            link=e.link,
            parent=e.parent.key if e.parent else None,
            estimated=e.estimated,
            estimate_spread_days=e.estimate_spread_days,
            note=e.note,
            deadlines=[
                DeadlineInfo(
                    type=d.type,
                    label=d.label,
                    round=d.round,
                    at_utc=d.at_utc,
                    at_local=local(d.at_utc),
                    source_text=f"{d.local_text} {d.timezone}",
                    estimated=d.estimated or e.estimated,
                    basis=_deadline_basis(e, now.date()) if d.estimated and not e.estimated else None,
                )
                for d in e.deadlines
            ],
            fees=[FeeInfo(f.category, f.early, f.amount, f.currency, f.source) for f in e.fees],
        )
        for e in series.editions
    ]
    return EditionDetail(
        series_key=series.key,
        acronym=series.acronym,
        name=series.name,
        kind=series.kind,
        dblp=series.dblp,
        aliases=sorted(a.alias for a in series.aliases),
        topics=series.topic_keys,
        selected=chosen.key,
        local_zone=zone_name(tz, now),
        quality=QualityInfo(
            q.score, q.confidence, q.mean, q.overridden, q.inherited, q.explanation, list(q.signals)
        ),
        accept_rates=[
            RateInfo(r.year, r.rate, r.submitted, r.accepted, r.source) for r in series.accept_rates
        ],
        editions=editions,
        topic_confidence=[
            TopicInfo(t.topic, t.confidence) for t in sorted(series.topics, key=lambda t: t.topic)
        ],
        caution=series.caution,
        workshops=_workshops_at(session, chosen.id),
    )


def _deadline_basis(edition: Edition, today: date) -> str | None:
    from tracker.catalog.estimates import deadline_estimate, deadline_note

    estimate = deadline_estimate(edition, today)
    return deadline_note(estimate) if estimate is not None else None


def _workshops_at(session: Session, edition_id: int) -> list[WorkshopInfo]:
    children = session.scalars(
        select(Edition)
        .where(Edition.parent_id == edition_id)
        .options(selectinload(Edition.series).selectinload(Series.topics))
        .order_by(Edition.key)
    )
    return [WorkshopInfo(e.key, e.title, e.estimated, e.note, e.series.topic_keys) for e in children]
