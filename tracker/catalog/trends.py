"""Trends: per topic, counts by year of editions, talks and readings; per series, its
paper-deadline drift and acceptance rate over the years."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.learning.topic_map import load
from tracker.models.catalog import Edition, SeriesTopic
from tracker.models.learning import Reading, ReadingTopic, Talk, TalkTopic


@dataclass(frozen=True)
class TopicTrend:
    topic: str
    name: str
    years: list[int]
    editions: list[int]  # per year, aligned with ``years``
    talks: list[int]
    readings: list[int]

    @property
    def total(self) -> int:
        return sum(self.editions) + sum(self.talks) + sum(self.readings)


@dataclass(frozen=True)
class SeriesYear:
    year: int
    paper_deadline: datetime | None
    day_of_year: int | None  # of the paper deadline (UTC)
    drift_days: int | None  # change of day_of_year from the previous year with a deadline
    estimated: bool
    acceptance_rate: float | None
    submitted: int | None
    accepted: int | None


@dataclass(frozen=True)
class SeriesTrend:
    series: str
    name: str
    years: list[SeriesYear]
    mean_drift_days: float | None


def topic_trends(
    session: Session, topics: Sequence[str] = (), *, include_empty: bool = False
) -> list[TopicTrend]:
    """Counts by year for the named concepts (default: every concept of the topic map)."""
    from tracker.learning.paths import _series_topics_for

    topic_map = load()
    keys = [topic_map.concept(t).key for t in topics] or list(topic_map.order)
    edition_years: dict[str, Counter[int]] = {}
    series_topics: dict[int, set[str]] = {}
    for sid, topic_key in session.execute(select(SeriesTopic.series_id, SeriesTopic.topic)):
        series_topics.setdefault(sid, set()).add(topic_key)
    editions = session.execute(select(Edition.series_id, Edition.year)).all()
    talk_rows = session.execute(
        select(TalkTopic.topic, Talk.starts_at, Edition.year)
        .join(Talk, TalkTopic.talk_id == Talk.id)
        .join(Edition, Talk.edition_id == Edition.id)
    )
    talk_years: dict[str, Counter[int]] = {}
    for topic, starts_at, edition_year in talk_rows:
        talk_years.setdefault(topic, Counter())[starts_at.year if starts_at else edition_year] += 1
    reading_years: dict[str, Counter[int]] = {}
    for topic, year in session.execute(
        select(ReadingTopic.topic, Reading.year).join(Reading, ReadingTopic.reading_id == Reading.id)
    ):
        if year is not None:
            reading_years.setdefault(topic, Counter())[year] += 1
    for key in keys:
        fields = _series_topics_for(topic_map.concepts[key])
        edition_years[key] = Counter(year for sid, year in editions if series_topics.get(sid, set()) & fields)
    out = []
    for key in keys:
        counters = (edition_years[key], talk_years.get(key, Counter()), reading_years.get(key, Counter()))
        years = sorted(set().union(*counters))
        trend = TopicTrend(
            topic=key,
            name=topic_map.concepts[key].name,
            years=years,
            editions=[counters[0][y] for y in years],
            talks=[counters[1][y] for y in years],
            readings=[counters[2][y] for y in years],
        )
        if include_empty or trend.total or topics:
            out.append(trend)
    return out


def series_trend(session: Session, name: str) -> SeriesTrend:
    """Paper-deadline day of year (and its drift) and acceptance rate, year by year."""
    from tracker.catalog.resolve import resolve_series

    series = resolve_series(session, name)
    editions = session.scalars(
        select(Edition)
        .options(selectinload(Edition.deadlines))
        .where(Edition.series_id == series.id)
        .order_by(Edition.year)
    ).all()
    rates = {r.year: r for r in series.accept_rates}
    years = sorted({e.year for e in editions} | set(rates))
    by_year = {e.year: e for e in editions}
    out: list[SeriesYear] = []
    previous: int | None = None
    drifts: list[int] = []
    for year in years:
        edition = by_year.get(year)
        paper = None
        if edition is not None:
            papers = [d for d in edition.deadlines if d.type == "paper"]
            paper = min(papers, key=lambda d: ((d.round or 0), d.at_utc)) if papers else None
        day = _day_offset(paper.at_utc, year) if paper else None
        drift = day - previous if day is not None and previous is not None else None
        if drift is not None:
            drifts.append(drift)
        previous = day if day is not None else previous
        rate = rates.get(year)
        out.append(
            SeriesYear(
                year=year,
                paper_deadline=paper.at_utc if paper else None,
                day_of_year=day,
                drift_days=drift,
                estimated=bool(paper and (paper.estimated or (edition and edition.estimated))),
                acceptance_rate=rate.rate if rate else None,
                submitted=rate.submitted if rate else None,
                accepted=rate.accepted if rate else None,
            )
        )
    mean = round(sum(drifts) / len(drifts), 1) if drifts else None
    return SeriesTrend(series=series.key, name=series.acronym, years=out, mean_drift_days=mean)


def _day_offset(at: datetime, edition_year: int) -> int:
    """Days from 1 January of the edition's year (negative for a deadline in the year before)."""
    start = datetime(edition_year, 1, 1, tzinfo=at.tzinfo)
    return (at - start).days + 1
