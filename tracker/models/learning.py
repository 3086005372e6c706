"""Tables of the learning room: talks, readings and learning-path goals and progress.

The topic map itself (concepts, prerequisites, related links) is shipped read-only data
(``data/topic_map.yml``): it changes with releases, not with the person, so it stays
in YAML and is validated on load. The tables here hold what a person adds or does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import UTCDateTime, one_of
from tracker.models.catalog import Edition
from tracker.models.orm import Base

TOPIC_SOURCES = ("auto", "manual")
# "suggested": put there by a sync, not yet accepted; "dismissed": a suggestion declined
# (kept, so that the next sync does not suggest it again).
READING_STATUSES = ("to-read", "reading", "done", "suggested", "dismissed")
SUGGESTION_STATUSES = ("suggested", "dismissed")
PROGRESS_STATES = ("known", "done")


class Talk(Base):
    """A talk of an edition's programme, with its time as a UTC instant and its zone."""

    __tablename__ = "talk"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    # Normalised title: a programme imported twice updates its talks instead of doubling them.
    title_key: Mapped[str] = mapped_column(String(500))
    speakers: Mapped[list[str]] = mapped_column(JSON, default=list)
    abstract: Mapped[str] = mapped_column(Text, default="")
    session: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(32), default="manual")
    # From a virtual-site programme: "Poster", "Oral", ...; where; and who, with institutions.
    kind: Mapped[str | None] = mapped_column(String(32))
    room: Mapped[str | None] = mapped_column(String(200))
    poster_position: Mapped[str | None] = mapped_column(String(32))
    authors: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)  # [{"name", "institution"}]
    external_id: Mapped[str | None] = mapped_column(String(64))  # the event's id at the source

    edition: Mapped[Edition] = relationship()
    topics: Mapped[list[TalkTopic]] = relationship(
        back_populates="talk", cascade="all, delete-orphan", order_by="TalkTopic.score.desc()"
    )

    __table_args__ = (UniqueConstraint("edition_id", "title_key"),)

    @property
    def topic_keys(self) -> list[str]:
        return [t.topic for t in self.topics]


class TalkTopic(Base):
    """A topic-map concept of a talk: assigned by the classifier (with its reason) or by hand."""

    __tablename__ = "talk_topic"

    talk_id: Mapped[int] = mapped_column(ForeignKey("talk.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    source: Mapped[str] = mapped_column(String(8), default="auto")
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)  # the classifier's top terms

    talk: Mapped[Talk] = relationship(back_populates="topics")

    __table_args__ = (CheckConstraint(one_of("source", TOPIC_SOURCES), name="source"),)


class AgendaItem(Base):
    """A talk or poster the person picked for their agenda of an edition."""

    __tablename__ = "agenda_item"

    talk_id: Mapped[int] = mapped_column(ForeignKey("talk.id", ondelete="CASCADE"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    talk: Mapped[Talk] = relationship()


class Reading(Base):
    """A paper on the person's reading list, deduplicated on arXiv id, DOI or title."""

    __tablename__ = "reading"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    title_key: Mapped[str] = mapped_column(String(500), unique=True)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    year: Mapped[int | None] = mapped_column(Integer)
    venue: Mapped[str | None] = mapped_column(String(300))
    arxiv_id: Mapped[str | None] = mapped_column(String(40), unique=True)  # without version
    doi: Mapped[str | None] = mapped_column(String(200), unique=True)  # lower case
    url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="to-read")
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 high, 2 normal, 3 low
    added_from: Mapped[str] = mapped_column(String(64), default="manual")  # topic-map, talk:12, note:3
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topics: Mapped[list[ReadingTopic]] = relationship(back_populates="reading", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(one_of("status", READING_STATUSES), name="status"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
    )

    @property
    def topic_keys(self) -> list[str]:
        return sorted(t.topic for t in self.topics)


class ReadingTopic(Base):
    """A topic-map concept a reading belongs to."""

    __tablename__ = "reading_topic"

    reading_id: Mapped[int] = mapped_column(ForeignKey("reading.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)

    reading: Mapped[Reading] = relationship(back_populates="topics")


class PathGoal(Base):
    """A concept the person wants to master (several goals may be active at once)."""

    __tablename__ = "path_goal"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PathProgress(Base):
    """A concept the person already knew or has finished on a path."""

    __tablename__ = "path_progress"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(8), default="done")
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint(one_of("state", PROGRESS_STATES), name="state"),)
