"""Learning paths: from what a person knows to one or more goal concepts, in prerequisite order.

A path is the goal(s) plus every prerequisite (transitively), minus what the person
already knows (knowing a concept implies knowing its prerequisites), in topological
order of the topic map. Each step carries its demo, two or three readings, and the
upcoming talks and conferences on it. Goals and finished steps are stored, so
``tracker path progress`` can show how far along each goal is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from tracker import clock
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.learning.topic_map import Concept, MapReading, TopicMap, load
from tracker.models.catalog import Edition, Series, SeriesTopic
from tracker.models.learning import PathGoal, PathProgress, Talk, TalkTopic

EVENTS_PER_STEP = 3
READINGS_PER_STEP = 3


@dataclass(frozen=True)
class EventView:
    """An upcoming talk or conference edition on a step's topic."""

    kind: str  # "talk" | "conference" | "workshop"
    key: str  # edition key; for a talk "talk:ID"
    title: str
    start: date | None
    where: str | None
    score: float | None = None  # recommendation score when a profile ranked it


@dataclass(frozen=True)
class Step:
    number: int
    topic: str
    name: str
    kind: str
    description: str
    zh_summary: str  # the description's first sentence in Chinese ("" where none is written)
    status: str  # "done" | "next" | "todo"
    demo: str | None  # "tracker demo rnn"
    prerequisites: list[str]
    readings: list[MapReading]
    events: list[EventView]
    goal_of: list[str]  # the goals this step leads to


@dataclass(frozen=True)
class LearningPath:
    goals: list[str]
    known: list[str]
    steps: list[Step]
    ranked_by: str  # "recommendation score" or "date"

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.status == "done")


@dataclass(frozen=True)
class GoalProgress:
    goal: str
    name: str
    done: int
    total: int
    next_step: str | None
    percent: float = field(default=0.0)


# --- what the person knows --------------------------------------------------------------


def _progress(session: Session) -> dict[str, str]:
    return {row.topic: row.state for row in session.scalars(select(PathProgress))}


def _mark(session: Session, topic: str, state: str) -> None:
    row = session.get(PathProgress, topic)
    if row is None:
        session.add(PathProgress(topic=topic, state=state, at=clock.now()))
    elif row.state != "known":  # "known" is the stronger statement; keep it
        row.state, row.at = state, clock.now()


def mark_known(session: Session, topics: Sequence[str]) -> list[str]:
    topic_map = load()
    keys = [topic_map.concept(t).key for t in topics]
    for key in keys:
        _mark(session, key, "known")
    session.flush()
    return keys


def mark_done(session: Session, topics: Sequence[str], *, numbered: Sequence[str] = ()) -> list[str]:
    """Record steps as finished: named by concept key or name, or by number in ``numbered`` (1-based)."""
    topic_map = load()
    keys = []
    for text in topics:
        if text.strip().isdigit() and numbered:
            index = int(text) - 1
            if not 0 <= index < len(numbered):
                raise Invalid(
                    Message(
                        N_("--done: there is no step {text} (the path has {len} steps)"),
                        text=text,
                        len=len(numbered),
                    )
                )
            keys.append(numbered[index])
        else:
            keys.append(topic_map.concept(text).key)
    for key in keys:
        _mark(session, key, "done")
    session.flush()
    return keys


def forget_goals(session: Session, topics: Sequence[str]) -> None:
    topic_map = load()
    keys = [topic_map.concept(t).key for t in topics]
    session.execute(delete(PathGoal).where(PathGoal.topic.in_(keys)))


# --- the path ---------------------------------------------------------------------------


def closure(topic_map: TopicMap, keys: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for key in keys:
        out.add(key)
        out |= topic_map.ancestors(key)
    return out


def steps_for(topic_map: TopicMap, goals: Sequence[str], known: set[str]) -> list[str]:
    """Concept keys from what is known to the goals, prerequisites first (topological order)."""
    known_all = closure(topic_map, sorted(known))
    wanted = closure(topic_map, goals) - known_all
    return [key for key in topic_map.order if key in wanted]


def _profile_scores(session: Session, now: datetime) -> dict[str, float] | None:
    """Recommendation totals by edition key, when a profile with a home is saved.

    Ranked once per path (not per step): one vectorised scoring of every candidate.
    Editions the recommendation rules drop (outside the window, over budget...) get no
    score and are listed after the scored ones.
    """
    from tracker.recommend import engine as recommend
    from tracker.recommend import profile as profiles

    profile = profiles.load(session)
    # Ranking needs a home (location and cost); without one, steps list by date.
    if not profile.saved or profile.home is None:
        return None
    result = recommend.recommend(session, profile, recommend.Options(limit=100_000), now=now)
    return {r.key: float(r.total) for r in result.results}


def _series_topics_for(concept: Concept) -> set[str]:
    """Vocabulary topics of conferences where ``concept`` is alive: its fields and their parents."""
    from tracker.catalog.topics import ancestors

    topics = set(concept.fields)
    for name in concept.fields:
        try:
            topics.update(a for a in ancestors(name) if a != "artificial-intelligence")
        except NotFound:  # an unknown field only narrows the search
            continue
    return topics


def _editions_on(session: Session, concept: Concept, today: date) -> list[Edition]:
    topics = _series_topics_for(concept)
    if not topics:
        return []
    query = (
        select(Edition)
        .join(Series, Edition.series_id == Series.id)
        .where(Series.topics.any(SeriesTopic.topic.in_(topics)))
        .where(Edition.start_date.is_not(None))
        .where((Edition.end_date >= today) | (Edition.end_date.is_(None) & (Edition.start_date >= today)))
        .order_by(Edition.start_date, Edition.key)
        .limit(40)
    )
    return list(session.scalars(query))


def _talks_on(session: Session, topic: str, now: datetime, today: date) -> list[Talk]:
    query = (
        select(Talk)
        .join(Edition, Talk.edition_id == Edition.id)
        .options(selectinload(Talk.edition))
        .where(Talk.topics.any(TalkTopic.topic == topic))
        .where((Talk.starts_at >= now) | (Talk.starts_at.is_(None) & (Edition.end_date >= today)))
        .order_by(Talk.starts_at.is_(None), Talk.starts_at, Edition.start_date)
        .limit(EVENTS_PER_STEP)
    )
    return list(session.scalars(query))


def _where(edition: Edition) -> str | None:
    parts = [p for p in (edition.city, edition.country) if p]
    return ", ".join(parts) or (edition.mode if edition.mode == "virtual" else None)


def _events(
    session: Session, concept: Concept, scores: dict[str, float] | None, now: datetime
) -> list[EventView]:
    today = now.date()
    events: list[EventView] = []
    for talk in _talks_on(session, concept.key, now, today):
        events.append(
            EventView(
                kind="talk",
                key=f"talk:{talk.id}",
                title=f"{talk.title} ({talk.edition.key})",
                start=talk.starts_at.date() if talk.starts_at else talk.edition.start_date,
                where=_where(talk.edition),
            )
        )
    editions = _editions_on(session, concept, today)
    scored: list[tuple[Edition, float | None]] = [(e, None) for e in editions]
    if scores is not None:
        scored = [(e, scores.get(e.key)) for e in editions]
        # Best score first; unscored (dropped by the profile's rules) after, by date.
        scored.sort(key=lambda pair: (pair[1] is None, -(pair[1] or 0.0)))
    for edition, score in scored[: max(0, EVENTS_PER_STEP * 2 - len(events))]:
        events.append(
            EventView(
                kind=edition.kind,
                key=edition.key,
                title=edition.title or edition.key,
                start=edition.start_date,
                where=_where(edition),
                score=score,
            )
        )
    return events


def _save_goals(session: Session, goals: Sequence[str]) -> None:
    for goal in goals:
        if session.get(PathGoal, goal) is None:
            session.add(PathGoal(topic=goal, added_at=clock.now()))
    session.flush()


def build_path(
    session: Session,
    goals: Sequence[str],
    *,
    known: Sequence[str] = (),
    done: Sequence[str] = (),
    save: bool = True,
) -> LearningPath:
    """The path to ``goals`` for this person; records ``known``/``done`` and the goals first."""
    topic_map = load()
    goal_keys = list(dict.fromkeys(topic_map.concept(g).key for g in goals))
    if known:
        mark_known(session, known)
    if done:
        # Step numbers refer to the path as shown before this call marks anything.
        known_now = {k for k, state in _progress(session).items() if state == "known"}
        mark_done(session, done, numbered=steps_for(topic_map, goal_keys, known_now))
    if save:
        _save_goals(session, goal_keys)
    progress = _progress(session)
    known_keys = {k for k, state in progress.items() if state == "known"}
    order = steps_for(topic_map, goal_keys, known_keys)
    now = clock.now()
    scores = _profile_scores(session, now)
    ranked_by = "date" if scores is None else "recommendation score"
    steps: list[Step] = []
    next_given = False
    for number, key in enumerate(order, start=1):
        concept = topic_map.concepts[key]
        if progress.get(key) == "done":
            status = "done"
        elif not next_given:
            status, next_given = "next", True
        else:
            status = "todo"
        steps.append(
            Step(
                number=number,
                topic=key,
                name=concept.name,
                kind=concept.kind,
                description=concept.description,
                zh_summary=concept.zh_summary,
                status=status,
                demo=concept.demo_command,
                prerequisites=list(concept.prerequisites),
                readings=topic_map.readings_of(key)[:READINGS_PER_STEP],
                events=_events(session, concept, scores, now),
                goal_of=[g for g in goal_keys if g == key or key in topic_map.ancestors(g)],
            )
        )
    return LearningPath(goals=goal_keys, known=sorted(known_keys), steps=steps, ranked_by=ranked_by)


def progress(session: Session) -> list[GoalProgress]:
    """How far along each saved goal is: done steps out of all steps still to learn."""
    topic_map = load()
    state = _progress(session)
    known = {k for k, s in state.items() if s == "known"}
    out: list[GoalProgress] = []
    for goal in session.scalars(select(PathGoal).order_by(PathGoal.added_at, PathGoal.topic)):
        if goal.topic not in topic_map.concepts:
            continue  # a concept removed from a newer topic map
        order = steps_for(topic_map, [goal.topic], known)
        finished = [k for k in order if state.get(k) == "done"]
        remaining = [k for k in order if state.get(k) != "done"]
        total = len(order)
        out.append(
            GoalProgress(
                goal=goal.topic,
                name=topic_map.concepts[goal.topic].name,
                done=len(finished),
                total=total,
                next_step=remaining[0] if remaining else None,
                percent=round(100.0 * len(finished) / total, 1) if total else 100.0,
            )
        )
    return out
