"""Storing many papers at once (the reading list's bulk way in, used by ``tracker sync``).

``tracker.learning.reading_list.upsert_reading`` is the way in for one paper: it looks for
the same paper (arXiv id, DOI or normalised title), then inserts or completes it, flushing
each time. For an arXiv query of thousands of new papers that costs far more than parsing
the feed. So a sync first asks, in a few set queries, which papers are already known --
with the reading list's own identity rules (:func:`normalise_arxiv`, :func:`normalise_doi`,
:func:`title_key`) -- and inserts the rest in one executemany with their topics. Papers that
match a stored reading, or each other, still go one by one through ``upsert_reading``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.errors import Invalid, TrackerError
from tracker.i18n import N_, Message
from tracker.learning.reading_list import (
    ReadingRecord,
    normalise_arxiv,
    normalise_doi,
    title_key,
    upsert_reading,
)
from tracker.models.learning import Reading, ReadingTopic

CHUNK = 500  # bound on the parameters of one IN (...) query


@dataclass
class ReadingBatchResult:
    added: list[str] = field(default_factory=list)  # keys of the items
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)


@dataclass
class _Prepared:
    key: str
    record: ReadingRecord
    arxiv_id: str | None
    doi: str | None
    title_key: str


def store_readings(session: Session, records: Iterable[tuple[str, ReadingRecord]]) -> ReadingBatchResult:
    """Store (item key, record) pairs in the caller's transaction."""
    result = ReadingBatchResult()
    prepared: list[_Prepared] = []
    for key, record in records:
        try:
            prepared.append(_prepare(key, record))
        except Invalid as exc:
            result.rejected.append((key, exc.kept()))
    known = _known_identities(session, prepared)
    fresh: list[_Prepared] = []
    slow: list[_Prepared] = []
    taken: set[tuple[str, str]] = set(known)
    for item in prepared:
        identities = _identities(item)
        if identities & taken:
            slow.append(item)
        else:
            fresh.append(item)
            taken |= identities
    _insert(session, fresh)
    result.added.extend(item.key for item in fresh)
    for item in slow:
        try:
            with session.begin_nested():
                _reading, created = upsert_reading(session, item.record)
        except TrackerError as exc:
            result.rejected.append((item.key, exc.kept()))
            continue
        (result.added if created else result.updated).append(item.key)
    return result


def _prepare(key: str, record: ReadingRecord) -> _Prepared:
    if not record.title.strip():
        raise Invalid(Message(N_("a reading needs a title")))
    if record.year is not None and not 1600 <= record.year <= 2200:
        raise Invalid(Message(N_("year {year} is out of range"), year=record.year))
    return _Prepared(
        key, record, normalise_arxiv(record.arxiv_id), normalise_doi(record.doi), title_key(record.title)
    )


def _identities(item: _Prepared) -> set[tuple[str, str]]:
    found = {("title", item.title_key)}
    if item.arxiv_id:
        found.add(("arxiv", item.arxiv_id))
    if item.doi:
        found.add(("doi", item.doi))
    return found


def _known_identities(session: Session, items: list[_Prepared]) -> set[tuple[str, str]]:
    """The identities among ``items`` that some stored reading already has."""
    known: set[tuple[str, str]] = set()
    wanted = {
        "arxiv": (Reading.arxiv_id, sorted({i.arxiv_id for i in items if i.arxiv_id})),
        "doi": (Reading.doi, sorted({i.doi for i in items if i.doi})),
        "title": (Reading.title_key, sorted({i.title_key for i in items})),
    }
    for label, (column, values) in wanted.items():
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            known.update((label, v) for v in session.scalars(select(column).where(column.in_(chunk))) if v)
    return known


def _insert(session: Session, items: list[_Prepared]) -> None:
    if not items:
        return
    now = clock.now()
    rows = [
        {
            "title": " ".join(i.record.title.split()),
            "title_key": i.title_key,
            "authors": list(i.record.authors),
            "year": i.record.year,
            "venue": i.record.venue,
            "arxiv_id": i.arxiv_id,
            "doi": i.doi,
            "url": i.record.url,
            "status": i.record.status,
            "priority": i.record.priority,
            "added_from": i.record.added_from,
            "added_at": now,
            "done_at": now if i.record.status == "done" else None,
        }
        for i in items
    ]
    # Core executemany on the table (no ORM unit of work, no RETURNING: SQLite would then insert
    # row by row to keep the order); the new ids are read back by the unique title key.
    connection = session.connection()
    connection.execute(insert(Reading.metadata.tables["reading"]), rows)
    ids: dict[str, int] = {}
    keys = [i.title_key for i in items]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        query = select(Reading.title_key, Reading.id).where(Reading.title_key.in_(chunk))
        ids.update((key, reading_id) for key, reading_id in connection.execute(query))
    topic_rows = [
        {"reading_id": ids[item.title_key], "topic": topic}
        for item in items
        for topic in dict.fromkeys(item.record.topics)
    ]
    if topic_rows:
        connection.execute(insert(ReadingTopic.metadata.tables["reading_topic"]), topic_rows)
