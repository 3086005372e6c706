"""My agenda of an edition: its talks and posters ranked for me, the ones I pick, the people.

A talk scores for what tracker knows of the person, each reason said:

- the talk has a topic that is one of the profile's interests (or under one): 3 for each interest;
- a topic of the talk is a topic of the reading list (1 for each reading, at most 3) or of
  the notes (the tags, and the topics of talks already noted: 1 each, at most 2);
- an author is already a contact: 4 each.

Picked items are :class:`~tracker.models.learning.AgendaItem` rows; a talk the person
took notes on (``log-notes --talk``) is on the agenda too, as attended. The days, clashes
and poster routes are :mod:`tracker.personal.agenda_days`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import clock
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.learning.talks import TalkView, authors_of, view
from tracker.models.catalog import Edition
from tracker.models.learning import AgendaItem, ReadingTopic, Talk
from tracker.models.personal import Contact, Note, NoteTag
from tracker.text import fold

INTEREST_WEIGHT = 3.0
READING_WEIGHT, READING_CAP = 1.0, 3
NOTE_WEIGHT, NOTE_CAP = 1.0, 2
CONTACT_WEIGHT = 4.0


@dataclass(frozen=True)
class RankedTalk:
    talk: TalkView
    score: float
    why: list[str]  # "interest: nlp", "contact: Ada Lovelace", "reading list: transformers (2)"
    picked: bool


@dataclass(frozen=True)
class Person:
    """An author of a picked item, with what they present and whether they are a contact already."""

    name: str
    institution: str | None
    contact: str | None  # the contact's name when already one
    talks: list[int] = field(default_factory=list)


def edition_of(session: Session, key: str) -> Edition:
    from tracker.catalog.resolve import resolve_edition

    return resolve_edition(session, key)


def _talks(session: Session, edition: Edition) -> list[Talk]:
    query = (
        select(Talk)
        .options(selectinload(Talk.topics), selectinload(Talk.edition))
        .where(Talk.edition_id == edition.id)
        .order_by(Talk.starts_at.is_(None), Talk.starts_at, Talk.id)
    )
    return list(session.scalars(query))


def _interest_keys(session: Session) -> dict[str, str]:
    """Talk topic key -> the interest that covers it."""
    from tracker.catalog import topics
    from tracker.recommend.profile import load

    out: dict[str, str] = {}
    for interest in load(session).interests:
        for key in [interest, *topics.descendants(interest)]:
            out.setdefault(key, interest)
    return out


def _reading_counts(session: Session) -> Counter[str]:
    return Counter(session.scalars(select(ReadingTopic.topic)))


def _note_counts(session: Session) -> Counter[str]:
    counts: Counter[str] = Counter(fold(t).replace(" ", "-") for t in session.scalars(select(NoteTag.tag)))
    noted = select(Note.talk_id).where(Note.talk_id.is_not(None))
    talks = session.scalars(select(Talk).options(selectinload(Talk.topics)).where(Talk.id.in_(noted)))
    for talk in talks:
        counts.update(t.topic for t in talk.topics)
    return counts


def _contacts(session: Session) -> dict[str, str]:
    """Folded name -> contact name."""
    return {fold(name): name for name in session.scalars(select(Contact.name))}


def picked_ids(session: Session, edition: Edition) -> set[int]:
    """The talks on the agenda: picked, or noted (a note on a talk says I was there)."""
    in_edition = select(Talk.id).where(Talk.edition_id == edition.id)
    picked = set(session.scalars(select(AgendaItem.talk_id).where(AgendaItem.talk_id.in_(in_edition))))
    noted = {i for i in session.scalars(select(Note.talk_id).where(Note.talk_id.in_(in_edition))) if i}
    return picked | noted


def rank(session: Session, key: str, *, limit: int | None = 20, kind: str | None = None) -> list[RankedTalk]:
    """The edition's talks, best for me first (ties: earliest first); only those with a reason."""
    edition = edition_of(session, key)
    interests, readings, notes = _interest_keys(session), _reading_counts(session), _note_counts(session)
    contacts = _contacts(session)
    picked = picked_ids(session, edition)
    ranked: list[tuple[float, RankedTalk]] = []
    for talk in _talks(session, edition):
        if kind and fold(talk.kind or "talk") != fold(kind):
            continue
        score, why = 0.0, []
        # An interest counts once however many of the talk's topics fall under it.
        for interest in dict.fromkeys(interests[t] for t in talk.topic_keys if t in interests):
            score += INTEREST_WEIGHT
            why.append(f"interest: {interest}")
        # Among equals, the talk the tagger is surer of comes first (a topic set by hand: sure).
        sureness = max(
            (t.score if t.score is not None else 1.0 for t in talk.topics if t.topic in interests),
            default=0.0,
        )
        for topic in talk.topic_keys:
            if readings[topic]:
                score += READING_WEIGHT * min(readings[topic], READING_CAP)
                why.append(f"reading list: {topic} ({readings[topic]})")
            if notes[topic]:
                score += NOTE_WEIGHT * min(notes[topic], NOTE_CAP)
                why.append(f"notes: {topic}")
        for author in authors_of(talk):
            contact = contacts.get(fold(author.name))
            if contact:
                score += CONTACT_WEIGHT
                why.append(f"contact: {contact}")
        if score > 0 or talk.id in picked:
            ranked.append((sureness, RankedTalk(view(talk), score, why, talk.id in picked)))
    ranked.sort(key=lambda pair: (-pair[1].score, -pair[0]))  # stable: then the earliest first
    best = [r for _sureness, r in ranked]
    return best[:limit] if limit else best


def _talk_in(session: Session, edition: Edition, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None or talk.edition_id != edition.id:
        raise NotFound(
            Message(
                N_("no talk #{talk_id} in {key} (see tracker agenda {key} --all)"),
                talk_id=talk_id,
                key=edition.key,
            )
        )
    return talk


def add(session: Session, key: str, talk_ids: list[int]) -> list[int]:
    """Pick talks for the agenda; returns the ones newly picked (picking twice is no error)."""
    edition = edition_of(session, key)
    if not talk_ids:
        raise Invalid(Message(N_("give the number of at least one talk to pick")))
    added = []
    for talk_id in dict.fromkeys(talk_ids):
        _talk_in(session, edition, talk_id)
        if session.get(AgendaItem, talk_id) is None:
            session.add(AgendaItem(talk_id=talk_id, added_at=clock.now()))
            added.append(talk_id)
    session.flush()
    return added


def remove(session: Session, key: str, talk_ids: list[int]) -> list[int]:
    """Take talks off the agenda; a talk not on it is NotFound (a typo should not pass silently)."""
    edition = edition_of(session, key)
    removed = []
    for talk_id in dict.fromkeys(talk_ids):
        _talk_in(session, edition, talk_id)
        item = session.get(AgendaItem, talk_id)
        if item is None:
            raise NotFound(
                Message(
                    N_("talk #{talk_id} is not on your agenda of {key}"), talk_id=talk_id, key=edition.key
                )
            )
        session.delete(item)
        removed.append(talk_id)
    session.flush()
    return removed


def picked_talks(session: Session, edition: Edition) -> list[Talk]:
    ids = picked_ids(session, edition)
    return [t for t in _talks(session, edition) if t.id in ids]


def people(session: Session, key: str) -> list[Person]:
    """The authors of my picked items, contacts first, then by name."""
    edition = edition_of(session, key)
    contacts = _contacts(session)
    found: dict[str, Person] = {}
    for talk in picked_talks(session, edition):
        for author in authors_of(talk):
            folded = fold(author.name)
            person = found.get(folded)
            if person is None:
                person = Person(author.name, author.institution, contacts.get(folded))
                found[folded] = person
            person.talks.append(talk.id)
    return sorted(found.values(), key=lambda p: (p.contact is None, fold(p.name)))
