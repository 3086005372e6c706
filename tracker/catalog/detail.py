"""One series in detail (``tracker conf show``): every edition, deadline, signal, rate and fee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.catalog.quality import Quality, Signal
from tracker.catalog.quality_store import quality_for_series
from tracker.catalog.resolve import resolve_edition_id
from tracker.catalog.timezones import zone_name
from tracker.models import catalog_tables as tables

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# The tables' columns: one series is read by Core queries (no mapper configured, no ORM
# statement compiled), which on a cold ``conf show`` cost more than its queries.
E = tables.edition.c
D = tables.deadline.c
F = tables.fee.c
ST = tables.series_topic.c

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
    session: Connection | Session,
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
    chosen_id = resolve_edition_id(session, key, today=now.date())
    series_id = session.execute(select(E.series_id).where(E.id == chosen_id)).scalar_one()
    series = session.execute(select(tables.series).where(tables.series.c.id == series_id)).one()
    parent = tables.edition.alias("parent")
    rows = session.execute(
        select(tables.edition, parent.c.key.label("parent_key"))
        .outerjoin(parent, parent.c.id == E.parent_id)
        .where(E.series_id == series_id)
        .order_by(E.year)
    ).all()
    ids = [e.id for e in rows]
    deadlines = _grouped(
        session.execute(select(tables.deadline).where(D.edition_id.in_(ids)).order_by(D.at_utc, D.id))
    )
    fees = _grouped(session.execute(select(tables.fee).where(F.edition_id.in_(ids)).order_by(F.id)))
    alias = tables.series_alias.c
    aliases = sorted(session.scalars(select(alias.alias).where(alias.series_id == series_id)))
    topics = session.execute(
        select(ST.topic, ST.confidence).where(ST.series_id == series_id).order_by(*_STRONGEST_FIRST)
    ).all()
    rate = tables.accept_rate.c
    rates = session.execute(
        select(rate.year, rate.rate, rate.submitted, rate.accepted, rate.source)
        .where(rate.series_id == series_id)
        .order_by(rate.year, rate.id)
    ).all()
    qualities = quality if quality is not None else quality_for_series(session, only=[series_id])
    q = qualities.get(series_id) or Quality(score=None, confidence=0.0)
    announced = {e.id for e in rows if not e.estimated and any(d.estimated for d in deadlines.get(e.id, ()))}
    bases = _deadline_bases(session, announced, now.date()) if announced else {}

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
            parent=e.parent_key,
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
                    basis=bases.get(e.id) if d.estimated and not e.estimated else None,
                )
                for d in deadlines.get(e.id, [])
            ],
            fees=[FeeInfo(f.category, f.early, f.amount, f.currency, f.source) for f in fees.get(e.id, [])],
        )
        for e in rows
    ]
    return EditionDetail(
        series_key=series.key,
        acronym=series.acronym,
        name=series.name,
        kind=series.kind,
        dblp=series.dblp,
        aliases=aliases,
        topics=[t.topic for t in topics],
        selected=next(e.key for e in rows if e.id == chosen_id),
        local_zone=zone_name(tz, now),
        quality=QualityInfo(
            q.score, q.confidence, q.mean, q.overridden, q.inherited, q.explanation, list(q.signals)
        ),
        accept_rates=[RateInfo(r.year, r.rate, r.submitted, r.accepted, r.source) for r in rates],
        editions=editions,
        topic_confidence=[TopicInfo(t.topic, t.confidence) for t in topics],
        caution=series.caution,
        workshops=_workshops_at(session, chosen_id),
    )


# A series' topics strongest first: those a source or a person gave (no confidence), then the
# classifier's by its confidence, then by key. A table shows the first few: a workshop on
# mathematical reasoning must show nlp (88%) before fairness (12%), not after it by the alphabet.
_STRONGEST_FIRST = (ST.confidence.is_not(None), ST.confidence.desc(), ST.topic)


def _grouped(rows: Any) -> dict[int, list[Any]]:
    """Rows by their ``edition_id``, in the order given."""
    out: dict[int, list[Any]] = {}
    for row in rows:
        out.setdefault(row.edition_id, []).append(row)
    return out


def _deadline_bases(session: Connection | Session, edition_ids: set[int], today: date) -> dict[int, str]:
    """Edition id -> the basis of the estimated paper deadline of each announced edition."""
    from tracker.catalog.queries import announced_estimates

    return {
        edition_id: basis
        for edition_id, (_spread, basis) in announced_estimates(session, edition_ids, today).items()
    }


def _workshops_at(session: Connection | Session, edition_id: int) -> list[WorkshopInfo]:
    children = session.execute(
        select(E.key, E.title, E.estimated, E.note, E.series_id)
        .where(E.parent_id == edition_id)
        .order_by(E.key)
    ).all()
    topics: dict[int, list[str]] = {}
    series_ids = sorted({c.series_id for c in children})
    for series_id, topic in session.execute(
        select(ST.series_id, ST.topic).where(ST.series_id.in_(series_ids)).order_by(*_STRONGEST_FIRST)
    ):
        topics.setdefault(series_id, []).append(topic)
    return [WorkshopInfo(c.key, c.title, c.estimated, c.note, topics.get(c.series_id, [])) for c in children]
