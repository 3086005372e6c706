"""The reading list: papers from the topic map, talks, notes and feeds, with status and priority.

:func:`upsert_reading` is the one way in (the CLI, the topic map and ``tracker sync``
all use it): a paper is the same paper when its arXiv id (without version), its DOI or
its normalised title match, so adding it twice only fills in what was missing.

Papers an arXiv source finds are *suggested*: they stay off the list (and out of its
exports) until the person accepts them, or dismisses them, which keeps them from being
suggested again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from tracker import clock
from tracker.errors import Invalid, NotFound, TrackerError
from tracker.i18n import N_, Message
from tracker.learning.topic_map import paper_link
from tracker.models.learning import READING_STATUSES, SUGGESTION_STATUSES, Reading, ReadingTopic, Talk
from tracker.text import fold

PRIORITIES = {"high": 1, "normal": 2, "low": 3}
_ARXIV_NEW = re.compile(r"\d{4}\.\d{4,5}")
_ARXIV_OLD = re.compile(r"[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}")


@dataclass
class ReadingRecord:
    """A paper as any source describes it (plain values; validated by :func:`upsert_reading`)."""

    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    topics: list[str] = field(default_factory=list)
    added_from: str = "manual"
    priority: int = 2
    status: str = "to-read"


@dataclass(frozen=True)
class ReadingView:
    """A reading as commands show and export it."""

    id: int
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    arxiv_id: str | None
    doi: str | None
    url: str | None
    topics: list[str]
    status: str
    priority: int
    added_from: str
    added_at: datetime
    done_at: datetime | None

    @property
    def link(self) -> str | None:
        return paper_link(self.url, self.arxiv_id, self.doi)


def title_key(title: str) -> str:
    """'Attention Is All You Need.' -> 'attention is all you need' (accents, case, punctuation folded)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(title)).split())


def normalise_arxiv(value: str | None) -> str | None:
    """'arXiv:1706.03762v5' -> '1706.03762'; 'solv-int/9901001v1' -> 'solv-int/9901001'."""
    if not value or not value.strip():
        return None
    text = value.strip()
    text = re.sub(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:)", "", text, flags=re.IGNORECASE)
    text = text.removesuffix(".pdf")
    versioned = re.fullmatch(r"(.+)v(\d+)", text)
    if versioned:
        text = versioned.group(1)
    if not (_ARXIV_NEW.fullmatch(text) or _ARXIV_OLD.fullmatch(text)):
        raise Invalid(Message(N_("not an arXiv identifier: {value}"), value=repr(value)))
    return text


def normalise_doi(value: str | None) -> str | None:
    """'https://doi.org/10.1038/NATURE14539' -> '10.1038/nature14539' (DOIs are case-insensitive)."""
    if not value or not value.strip():
        return None
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"10\.\d{4,9}/\S+", text):
        raise Invalid(Message(N_("not a DOI: {value}"), value=repr(value)))
    return text.lower()


def _validate(record: ReadingRecord) -> None:
    if not record.title or not record.title.strip():
        raise Invalid(Message(N_("a reading needs a title")))
    if record.status not in READING_STATUSES:
        raise Invalid(
            Message(
                N_("status {status} is not one of {value}"),
                status=repr(record.status),
                value=", ".join(READING_STATUSES),
            )
        )
    if record.priority not in (1, 2, 3):
        raise Invalid(Message(N_("priority must be 1 (high), 2 (normal) or 3 (low)")))
    if record.year is not None and not 1600 <= record.year <= 2200:
        raise Invalid(Message(N_("year {year} is out of range"), year=record.year))


def parse_year(text: str) -> int | None:
    """A typed year: '2017' -> 2017, '' -> None; anything else, or out of range, is refused."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 4) or not 1600 <= int(text) <= 2200:
        raise Invalid(
            Message(N_("expected a year from 1600 to 2200, such as 2017; got {text}"), text=repr(text))
        )
    return int(text)


def find_existing(session: Session, arxiv_id: str | None, doi: str | None, key: str) -> Reading | None:
    conditions = [Reading.title_key == key]
    if arxiv_id:
        conditions.append(Reading.arxiv_id == arxiv_id)
    if doi:
        conditions.append(Reading.doi == doi)
    rows = session.scalars(select(Reading).where(or_(*conditions))).all()
    # Prefer the strongest identity: arXiv id, then DOI, then the title.
    for match in (
        lambda r: arxiv_id and r.arxiv_id == arxiv_id,
        lambda r: doi and r.doi == doi,
        lambda r: r.title_key == key,
    ):
        for row in rows:
            if match(row):
                return row
    return None


def upsert_reading(session: Session, record: ReadingRecord) -> tuple[Reading, bool]:
    """Add a paper, or complete the one already there; returns (reading, created).

    Topics: those given; when none are given, the classifier's topics for the title.
    An existing reading keeps its status and priority (the person's choices) and gains
    any identifiers, venue, year, authors and topics it lacked; a suggestion (or a
    dismissed one) that the person adds joins the list.
    """
    _validate(record)
    arxiv_id = normalise_arxiv(record.arxiv_id)
    doi = normalise_doi(record.doi)
    key = title_key(record.title)
    topics = list(dict.fromkeys(record.topics))
    if not topics:
        from tracker.learning.classifier import assign

        topics = [topic for topic, _score, _terms in assign(record.title)]
    existing = find_existing(session, arxiv_id, doi, key)
    if existing is None:
        reading = Reading(
            title=" ".join(record.title.split()),
            title_key=key,
            authors=list(record.authors),
            year=record.year,
            venue=record.venue,
            arxiv_id=arxiv_id,
            doi=doi,
            url=record.url,
            status=record.status,
            priority=record.priority,
            added_from=record.added_from,
            added_at=clock.now(),
            done_at=clock.now() if record.status == "done" else None,
        )
        reading.topics = [ReadingTopic(topic=t) for t in topics]
        session.add(reading)
        session.flush()
        return reading, True
    if arxiv_id and not existing.arxiv_id and _free(session, Reading.arxiv_id, arxiv_id):
        existing.arxiv_id = arxiv_id
    if doi and not existing.doi and _free(session, Reading.doi, doi):
        existing.doi = doi
    if existing.status in SUGGESTION_STATUSES and record.status not in SUGGESTION_STATUSES:
        # The person adds a paper a sync had suggested (or that they had dismissed): it is theirs now.
        existing.status = record.status
        existing.done_at = clock.now() if record.status == "done" else None
    existing.year = existing.year or record.year
    existing.venue = existing.venue or record.venue
    existing.url = existing.url or record.url
    if not existing.authors and record.authors:
        existing.authors = list(record.authors)
    have = set(existing.topic_keys)
    existing.topics.extend(ReadingTopic(topic=t) for t in topics if t not in have)
    session.flush()
    return existing, False


def _free(session: Session, column: InstrumentedAttribute[str | None], value: str) -> bool:
    return session.scalar(select(Reading.id).where(column == value)) is None


def add_from_topic_map(session: Session, topic: str) -> list[tuple[Reading, bool]]:
    """Put the topic map's seminal readings of ``topic`` on the list."""
    from tracker.learning.topic_map import load

    topic_map = load()
    concept = topic_map.concept(topic)
    out = []
    for item in topic_map.readings_of(concept.key):
        record = ReadingRecord(
            title=item.title,
            authors=list(item.authors),
            year=item.year,
            venue=item.venue,
            arxiv_id=item.arxiv_id,
            doi=item.doi,
            url=item.url,
            topics=[concept.key],
            added_from="topic-map",
        )
        out.append(upsert_reading(session, record))
    return out


def view(reading: Reading) -> ReadingView:
    return ReadingView(
        id=reading.id,
        title=reading.title,
        authors=list(reading.authors),
        year=reading.year,
        venue=reading.venue,
        arxiv_id=reading.arxiv_id,
        doi=reading.doi,
        url=reading.url,
        topics=reading.topic_keys,
        status=reading.status,
        priority=reading.priority,
        added_from=reading.added_from,
        added_at=reading.added_at,
        done_at=reading.done_at,
    )


def list_readings(
    session: Session,
    *,
    topic: str | None = None,
    status: str | None = None,
    include_suggestions: bool = False,
) -> list[ReadingView]:
    """The reading list, highest priority first, then oldest first; filtered by topic/status.

    ``topic`` is a concept of the topic map or a vocabulary topic (with its narrower ones).
    Without ``status``, suggestions and dismissed suggestions are left out (they are not
    on the list) unless ``include_suggestions``; ``status="suggested"`` lists the suggestions.
    """
    query = select(Reading).options(selectinload(Reading.topics))
    if topic:
        from tracker.learning.topic_map import filter_keys

        query = query.where(Reading.topics.any(ReadingTopic.topic.in_(filter_keys(topic))))
    if status:
        if status not in READING_STATUSES:
            raise Invalid(
                Message(
                    N_("status {status} is not one of {value}"),
                    status=repr(status),
                    value=", ".join(READING_STATUSES),
                )
            )
        query = query.where(Reading.status == status)
    elif not include_suggestions:
        query = query.where(Reading.status.not_in(SUGGESTION_STATUSES))
    query = query.order_by(Reading.priority, Reading.added_at, Reading.id)
    return [view(r) for r in session.scalars(query)]


def count_suggestions(session: Session) -> int:
    """How many suggestions wait for the person to accept or dismiss them."""
    return session.scalar(select(func.count()).where(Reading.status == "suggested")) or 0


MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger number names no row (and cannot be bound)


def get_reading(session: Session, reading_id: int) -> Reading:
    reading = session.get(Reading, reading_id) if 0 < reading_id <= MAX_ID else None
    if reading is None:
        raise NotFound(Message(N_("no reading with id {reading_id}"), reading_id=reading_id))
    return reading


def set_status(session: Session, reading_id: int, status: str) -> ReadingView:
    if status not in READING_STATUSES:
        raise Invalid(
            Message(
                N_("status {status} is not one of {value}"),
                status=repr(status),
                value=", ".join(READING_STATUSES),
            )
        )
    reading = get_reading(session, reading_id)
    reading.status = status
    reading.done_at = clock.now() if status == "done" else None
    session.flush()
    return view(reading)


def accept(session: Session, reading_id: int) -> ReadingView:
    """Put a suggested (or dismissed) paper on the reading list, to read."""
    reading = get_reading(session, reading_id)
    if reading.status not in SUGGESTION_STATUSES:
        raise TrackerError(
            Message(
                N_("#{reading_id} is already on the reading list ({status})"),
                reading_id=reading_id,
                status=reading.status,
            )
        )
    return set_status(session, reading_id, "to-read")


def dismiss(session: Session, reading_id: int) -> ReadingView:
    """Decline a suggestion; it is kept as dismissed, so a later sync does not suggest it again."""
    reading = get_reading(session, reading_id)
    if reading.status not in SUGGESTION_STATUSES:
        raise TrackerError(
            Message(
                N_(
                    "#{reading_id} is on the reading list, not a suggestion: "
                    "tracker reading-list rm {reading_id}"
                ),
                reading_id=reading_id,
            )
        )
    return set_status(session, reading_id, "dismissed")


def origin(session: Session, *, talk_id: int | None = None, note_id: int | None = None) -> str:
    """Where a paper was found, as ``Reading.added_from`` keeps it: "talk:12", "note:3" or "manual".

    The talk and the note must exist: a ``--from-talk``/``--from-note`` that names
    nothing is refused. A paper named in both is recorded as found in the talk.
    """
    if talk_id is not None and session.get(Talk, talk_id) is None:
        raise NotFound(Message(N_("no talk with id {talk_id}"), talk_id=talk_id))
    if note_id is not None:
        from tracker.models.personal import Note

        if session.get(Note, note_id) is None:
            raise NotFound(Message(N_("no note with id {note_id}"), note_id=note_id))
    if talk_id is not None:
        return f"talk:{talk_id}"
    if note_id is not None:
        return f"note:{note_id}"
    return "manual"
