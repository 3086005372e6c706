"""Changing a reading after it was added: ``reading-list edit`` and ``reading-list rm``.

An edit keeps the reading list's identity rules: a new title or DOI that another reading
already has is refused (the two would be the same paper), and a typed year or DOI is
checked as when the paper was added.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tracker.errors import Invalid, TrackerError
from tracker.i18n import N_, Message
from tracker.learning.reading_list import ReadingView, get_reading, normalise_doi, parse_year, title_key, view
from tracker.models.learning import Reading, ReadingTopic


def remove(session: Session, reading_id: int) -> ReadingView:
    """Delete a reading (and its topics); returns what it was."""
    reading = get_reading(session, reading_id)
    gone = view(reading)
    session.delete(reading)
    session.flush()
    return gone


@dataclass(frozen=True)
class ReadingEdit:
    """The fields ``reading-list edit`` changes: None keeps a field, "" (or []) clears it."""

    title: str | None = None
    authors: list[str] | None = None
    year: str | None = None  # as typed: digits, or "" to clear
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    topics: list[str] | None = None


def edit(session: Session, reading_id: int, change: ReadingEdit) -> ReadingView:
    """Change a reading's fields; a title or DOI another reading has is refused."""
    reading = get_reading(session, reading_id)
    if change.title is not None:
        if not change.title.strip():
            raise Invalid(Message(N_("--title: a reading needs a title")))
        key = title_key(change.title)
        _refuse_taken(session, reading, Reading.title_key, key, "title")
        reading.title, reading.title_key = " ".join(change.title.split()), key
    if change.authors is not None:
        reading.authors = [a for a in (" ".join(n.split()) for n in change.authors) if a]
    if change.year is not None:
        try:
            reading.year = parse_year(change.year)
        except Invalid as exc:
            raise Invalid(Message(N_("--year: {message}"), message=exc.message)) from exc
    if change.venue is not None:
        reading.venue = change.venue.strip() or None
    if change.doi is not None:
        doi = normalise_doi(change.doi)
        if doi:
            _refuse_taken(session, reading, Reading.doi, doi, "DOI")
        reading.doi = doi
    if change.url is not None:
        reading.url = change.url.strip() or None
    if change.topics is not None:
        wanted = list(dict.fromkeys(change.topics))
        reading.topics = [t for t in reading.topics if t.topic in wanted]
        have = set(reading.topic_keys)
        reading.topics.extend(ReadingTopic(topic=t) for t in wanted if t not in have)
    session.flush()
    return view(reading)


def _refuse_taken(
    session: Session, reading: Reading, column: InstrumentedAttribute[str | None], value: str, label: str
) -> None:
    other = session.scalar(select(Reading.id).where(column == value, Reading.id != reading.id))
    if other is not None:
        raise TrackerError(
            Message(
                N_("reading #{other} already has that {label}: edit or remove that one"),
                other=other,
                label=label,
            )
        )
