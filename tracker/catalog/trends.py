"""Trends: per topic, counts by year of editions, talks and readings; per series, its
paper-deadline drift and acceptance rate over the years.

Conference series are tagged with the vocabulary's topics (nlp, computer-vision, ...), so
editions are counted for those. The learning topic map's concepts (transformers, rnn, ...)
are finer than any series: a concept is counted in the talks and readings tagged with it,
never in the editions of its broad fields, which would give every concept of a field the
same numbers. Estimated editions are projections, not events, and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog import topics as vocabulary_topics
from tracker.learning.topic_map import load
from tracker.models.catalog import Edition, SeriesTopic
from tracker.models.learning import Reading, ReadingTopic, Talk, TalkTopic


@dataclass(frozen=True)
class TopicTrend:
    topic: str
    name: str
    kind: str  # "topic" (of the conference vocabulary) or "concept" (of the learning topic map)
    years: list[int]
    editions: list[int] | None  # per year, aligned with ``years``; None for a concept
    talks: list[int]
    readings: list[int]

    @property
    def total(self) -> int:
        return sum(self.editions or []) + sum(self.talks) + sum(self.readings)


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


def topic_trends(session: Session, topics: Sequence[str] = ()) -> list[TopicTrend]:
    """Counts by year for the named topics or concepts; by default every vocabulary topic
    with editions and every concept with talks or readings."""
    concepts = load()
    vocabulary = vocabulary_topics.vocabulary()
    keys = [vocabulary_topics.require(t) for t in topics]
    talk_years: dict[str, Counter[int]] = {}
    for topic, starts_at, edition_year in session.execute(
        select(TalkTopic.topic, Talk.starts_at, Edition.year)
        .join(Talk, TalkTopic.talk_id == Talk.id)
        .join(Edition, Talk.edition_id == Edition.id)
    ):
        talk_years.setdefault(topic, Counter())[starts_at.year if starts_at else edition_year] += 1
    reading_years: dict[str, Counter[int]] = {}
    for topic, year in session.execute(
        select(ReadingTopic.topic, Reading.year).join(Reading, ReadingTopic.reading_id == Reading.id)
    ):
        if year is not None:
            reading_years.setdefault(topic, Counter())[year] += 1
    edition_years = _edition_years(session)
    if not keys:
        keys = [k for k in vocabulary if edition_years.get(k)]
        tagged = set(talk_years) | set(reading_years)
        keys += [k for k in concepts.order if k not in vocabulary and k in tagged]
    out = []
    for key in keys:
        is_topic = key in vocabulary
        editions = edition_years.get(key, Counter()) if is_topic else Counter()
        counters = (editions, talk_years.get(key, Counter()), reading_years.get(key, Counter()))
        years = sorted(set().union(*counters))
        name = vocabulary[key].name if is_topic else concepts.concepts[key].name
        out.append(
            TopicTrend(
                topic=key,
                name=name,
                kind="topic" if is_topic else "concept",
                years=years,
                editions=[editions[y] for y in years] if is_topic else None,
                talks=[counters[1][y] for y in years],
                readings=[counters[2][y] for y in years],
            )
        )
    return out


def _edition_years(session: Session) -> dict[str, Counter[int]]:
    """Real (not estimated) editions per year of the series tagged with each vocabulary topic,
    a topic's narrower topics included (a robotics venue counts for AI too), each edition once."""
    known = vocabulary_topics.all_topics()
    editions: dict[str, set[tuple[int, int]]] = {}
    rows = session.execute(
        select(SeriesTopic.topic, Edition.id, Edition.year)
        .join(Edition, Edition.series_id == SeriesTopic.series_id)
        .where(Edition.estimated.is_(False))
    )
    for topic, edition_id, year in rows:
        if topic not in known:
            continue  # a topic a user's import brought that the vocabulary does not know
        for key in (topic, *vocabulary_topics.ancestors(topic)):
            editions.setdefault(key, set()).add((edition_id, year))
    return {key: Counter(year for _, year in pairs) for key, pairs in editions.items()}


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
