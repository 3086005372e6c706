"""Talks of an edition's programme, tagged with topic-map concepts and linked to demos.

:func:`upsert_talk` is the one way in (``talks add``, ``talks import`` and ``tracker
sync``). A talk is identified by its edition and normalised title, so importing a
programme again updates it, or reports it unchanged when nothing differs. Topics come
from the classifier (source ``auto``, with the top terms as the reason) unless the person
set them by hand (source ``manual``), which an update never overwrites; they are rewritten
only when they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.learning.reading_list import title_key
from tracker.models.catalog import Edition
from tracker.models.learning import Talk, TalkTopic


@dataclass(frozen=True)
class Author:
    name: str
    institution: str | None = None


@dataclass
class TalkRecord:
    """A talk as a programme or a person gives it. ``starts_at``/``ends_at`` are aware instants."""

    edition: str  # an edition key ("neurips2026") or anything resolve_edition understands
    title: str
    speakers: list[str] = field(default_factory=list)
    abstract: str = ""
    session: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str | None = None  # the zone the programme used, kept for display
    url: str | None = None
    topics: list[str] = field(default_factory=list)  # given by a person: stored as manual
    source: str = "manual"
    kind: str | None = None  # "Poster", "Oral", ... as the programme names it
    room: str | None = None
    poster_position: str | None = None  # "#123" at NeurIPS
    authors: list[Author] = field(default_factory=list)  # with institutions, when known
    external_id: str | None = None  # the event's id at the source


@dataclass(frozen=True)
class TopicView:
    topic: str
    source: str
    score: float | None
    reason: str | None


@dataclass(frozen=True)
class TalkView:
    id: int
    edition: str
    edition_title: str
    title: str
    speakers: list[str]
    abstract: str
    session: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str | None
    url: str | None
    topics: list[TopicView]  # the concepts, then the area(s)
    demos: list[str]  # "tracker demo rnn", ...
    area: str | None = None  # the field of the vocabulary the title is from (robotics, nlp, ...)
    kind: str | None = None
    room: str | None = None
    poster_position: str | None = None
    authors: list[Author] = field(default_factory=list)


def _edition(session: Session, key: str) -> Edition:
    from tracker.catalog.resolve import resolve_edition

    return resolve_edition(session, key)


def _validate(record: TalkRecord) -> None:
    if not record.title or not record.title.strip():
        raise Invalid(Message(N_("a talk needs a title")))
    for name in ("starts_at", "ends_at"):
        value = getattr(record, name)
        if value is not None and value.tzinfo is None:
            raise Invalid(Message(N_("{name} must be an aware instant (with a zone)"), name=name))
    if record.starts_at and record.ends_at and record.ends_at < record.starts_at:
        raise Invalid(Message(N_("a talk cannot end before it starts")))


def _check_topics(topics: list[str]) -> list[str]:
    from tracker.learning.topic_map import load

    topic_map = load()
    return list(dict.fromkeys(topic_map.concept(t).key for t in topics))  # "rnn rnn" is one topic


#: What :func:`upsert_talk` did: a programme imported twice reports its talks unchanged.
Outcome = Literal["added", "updated", "unchanged"]


def _facts(talk: Talk) -> tuple[Any, ...]:
    """Everything stored about a talk, to tell an update from a no-op."""
    topics = _topic_facts([(t.topic, t.source, t.score, t.reason) for t in talk.topics])
    return (
        talk.title, tuple(talk.speakers or ()), talk.abstract, talk.session, talk.starts_at,
        talk.ends_at, talk.timezone, talk.url, talk.source, talk.kind, talk.room,
        talk.poster_position, repr(talk.authors), talk.external_id, topics,
    )  # fmt: skip


def _topic_facts(topics: Sequence[tuple[str, str, float | None, str | None]]) -> tuple[Any, ...]:
    return tuple(sorted(topics, key=lambda t: (t[0], t[1])))


def talk_key(record: TalkRecord) -> str:
    """What tells a talk of an edition from the others: its title, and its kind when the programme gives one.

    A virtual-site programme lists an oral paper twice, as its Oral and as its Poster: two
    events under one title, each with its own time and room.
    """
    key = title_key(record.title)
    if record.kind:
        key = f"{record.kind.strip().lower()}: {key}"
    return key[:500]


def upsert_talk(session: Session, record: TalkRecord) -> tuple[Talk, Outcome]:
    """Add a talk or update the one with the same edition and title; says which, or that nothing changed."""
    _validate(record)
    edition = _edition(session, record.edition)
    key = talk_key(record)
    talk = session.scalar(select(Talk).where(Talk.edition_id == edition.id, Talk.title_key == key))
    before = None if talk is None else _facts(talk)
    if talk is None:
        talk = Talk(edition_id=edition.id, title_key=key, speakers=[], abstract="")
        session.add(talk)
    talk.title = " ".join(record.title.split())
    talk.speakers = list(record.speakers) or list(talk.speakers or [])
    talk.abstract = record.abstract or talk.abstract or ""
    talk.session = record.session or talk.session
    talk.starts_at = record.starts_at or talk.starts_at
    talk.ends_at = record.ends_at or talk.ends_at
    talk.timezone = record.timezone or talk.timezone
    talk.url = record.url or talk.url
    talk.source = record.source
    talk.kind = record.kind or talk.kind
    talk.room = record.room or talk.room
    talk.poster_position = record.poster_position or talk.poster_position
    if record.authors:
        talk.authors = [{"name": a.name, "institution": a.institution or ""} for a in record.authors]
    talk.external_id = record.external_id or talk.external_id
    manual = _check_topics(record.topics)
    if manual:
        _set_manual(talk, manual)
    elif not any(t.source == "manual" for t in talk.topics):
        _set_auto(talk)
    session.flush()
    if before is None:
        return talk, "added"
    return talk, "unchanged" if _facts(talk) == before else "updated"


def _set_auto(talk: Talk) -> None:
    from tracker.learning.areas import AREA_REASON, areas_for
    from tracker.learning.classifier import assign

    found = assign(f"{talk.title}. {talk.title}. {talk.abstract}")
    topics = [(topic, "auto", score, ", ".join(terms)) for topic, score, terms in found]
    # The area comes from the title alone: the area model was fitted and measured on titles.
    # An area that is also a concept of the map (nlp, speech) is stored once, the surer score kept.
    for guess in areas_for([talk.title])[0]:
        reason = AREA_REASON + ", ".join(guess.terms)
        same = [t for t in topics if t[0] == guess.area]
        if not same:
            topics.append((guess.area, "auto", round(guess.score, 4), reason))
        elif (same[0][2] or 0.0) < guess.score:
            topics[topics.index(same[0])] = (guess.area, "auto", round(guess.score, 4), reason)
    if _topic_facts(topics) != _facts(talk)[-1]:
        talk.topics = [
            TalkTopic(topic=topic, source=src, score=score, reason=why) for topic, src, score, why in topics
        ]


def _set_manual(talk: Talk, topics: list[str]) -> None:
    wanted = [(t, "manual", None, "set by hand") for t in topics]
    if _topic_facts(wanted) != _facts(talk)[-1]:
        talk.topics = [TalkTopic(topic=t, source="manual", score=None, reason="set by hand") for t in topics]


def get_talk(session: Session, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise NotFound(Message(N_("no talk with id {talk_id}"), talk_id=talk_id))
    return talk


def set_topics(session: Session, talk_id: int, topics: list[str]) -> TalkView:
    """Override a talk's topics by hand; an empty list hands them back to the classifier."""
    talk = get_talk(session, talk_id)
    checked = _check_topics(topics)
    if checked:
        _set_manual(talk, checked)
    else:
        _set_auto(talk)
    session.flush()
    return view(talk)


def demos_for(topics: list[str]) -> list[str]:
    """The demo commands that teach these topics, in topic order, without repeats."""
    from tracker.learning.topic_map import load

    topic_map = load()
    out: list[str] = []
    for topic in topics:
        concept = topic_map.concepts.get(topic)
        if concept and concept.demo_command and concept.demo_command not in out:
            out.append(concept.demo_command)
    return out


def view(talk: Talk) -> TalkView:
    from tracker.learning.areas import is_area

    stored = [TopicView(t.topic, t.source, t.score, t.reason) for t in talk.topics]
    areas = [t for t in stored if is_area(t.topic, t.reason)]
    topics = [t for t in stored if t not in areas] + areas
    return TalkView(
        id=talk.id,
        edition=talk.edition.key,
        edition_title=talk.edition.title or talk.edition.key,
        title=talk.title,
        speakers=list(talk.speakers),
        abstract=talk.abstract,
        session=talk.session,
        starts_at=talk.starts_at,
        ends_at=talk.ends_at,
        timezone=talk.timezone,
        url=talk.url,
        topics=topics,
        demos=demos_for([t.topic for t in topics]),
        area=areas[0].topic if areas else None,
        kind=talk.kind,
        room=talk.room,
        poster_position=talk.poster_position,
        authors=authors_of(talk),
    )


def authors_of(talk: Talk) -> list[Author]:
    """The talk's authors with institutions; its speakers when the programme gave no more."""
    if talk.authors:
        return [Author(a["name"], a.get("institution") or None) for a in talk.authors]
    return [Author(name) for name in talk.speakers or []]


def list_talks(session: Session, *, edition: str | None = None, topic: str | None = None) -> list[TalkView]:
    query = select(Talk).options(selectinload(Talk.topics), selectinload(Talk.edition))
    if edition:
        query = query.where(Talk.edition_id == _edition(session, edition).id)
    if topic:
        from tracker.learning.topic_map import filter_keys

        query = query.where(Talk.topics.any(TalkTopic.topic.in_(filter_keys(topic))))
    query = query.order_by(Talk.starts_at.is_(None), Talk.starts_at, Talk.id)
    return [view(t) for t in session.scalars(query)]
