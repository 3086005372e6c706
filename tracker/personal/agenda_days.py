"""My days at an edition: the picked items session by session, their clashes, the poster routes.

Times are stored as UTC instants, so two items clash when their spans overlap whatever
zone each programme was written in; the days are cut in the zone the person asks for
(``local``: the profile's home, else this machine's; ``venue``: the conference city's;
or any zone name). An item without an end lasts :data:`DEFAULT_LENGTH`.

A poster session's route visits the picked posters by room, then by poster number
("#7" before "#12"), so one walk down each aisle covers them; posters of one session are
stops of that walk, not clashes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models.catalog import Edition
from tracker.models.learning import Talk
from tracker.personal.agenda import edition_of, picked_talks
from tracker.text import fold

DEFAULT_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True)
class AgendaEntry:
    id: int
    title: str
    kind: str | None
    session: str | None
    room: str | None
    poster_position: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    local_start: str  # "10:00" in the chosen zone
    local_end: str
    conflicts: list[str]  # "conflicts with #12 Title"
    notes: int  # notes taken on it (log-notes --talk)
    attended: bool  # it has ended, or has notes


@dataclass(frozen=True)
class Stop:
    room: str
    position: str
    talk_id: int
    title: str


@dataclass
class SessionBlock:
    name: str
    local_start: str
    entries: list[AgendaEntry] = field(default_factory=list)
    route: list[Stop] = field(default_factory=list)  # poster sessions only


@dataclass
class AgendaDay:
    day: date
    sessions: list[SessionBlock] = field(default_factory=list)


@dataclass(frozen=True)
class Agenda:
    edition: str
    zone: str
    days: list[AgendaDay]
    unscheduled: list[AgendaEntry]  # picked items the programme gives no time yet
    clashes: int


def venue_zone(edition: Edition) -> str | None:
    """The zone of the conference's city, from the offline gazetteer."""
    from tracker.catalog.places import resolve_city
    from tracker.errors import TrackerError

    if not edition.city:
        return None
    try:
        return resolve_city(edition.city, edition.country).timezone
    except TrackerError:
        return None


def choose_zone(session: Session, edition: Edition, tz: str | None) -> tuple[tzinfo, str]:
    """The zone the days are cut in, and its name."""
    from tracker.catalog.timezones import parse_zone

    wanted = (tz or "local").strip()
    if fold(wanted) == "venue":
        name = venue_zone(edition)
        if name is None:
            from tracker.errors import TrackerError
            from tracker.i18n import N_, Message

            raise TrackerError(
                Message(N_("the venue of {key} has no known zone: give --tz ZONE"), key=edition.key)
            )
        return parse_zone(name), name
    if fold(wanted) == "local":
        home = _home_zone(session)
        if home:
            return parse_zone(home), home
        from tracker import clock

        here = clock.now().astimezone()  # this machine's zone, at the pinned or real now
        assert here.tzinfo is not None
        return here.tzinfo, str(here.tzname() or "local")
    return parse_zone(wanted), wanted


def _home_zone(session: Session) -> str | None:
    from tracker.catalog.places import resolve_city
    from tracker.errors import TrackerError
    from tracker.recommend.profile import load

    home = load(session).home
    if home is None:
        return None
    try:
        return resolve_city(home.city, home.country or None).timezone
    except TrackerError:
        return None


def _span(talk: Talk) -> tuple[datetime, datetime] | None:
    if talk.starts_at is None:
        return None
    return talk.starts_at, talk.ends_at or talk.starts_at + DEFAULT_LENGTH


def clashes(talks: list[Talk]) -> dict[int, list[Talk]]:
    """Each talk's overlapping others (half-open spans: ending at 10:00 and starting then is no clash).

    Posters of one poster session do not clash with each other: they stand side by side for
    the whole session, and its route visits them on one walk. A poster clashes with an oral,
    a talk or a poster of another session held at the same time.
    """
    timed = sorted(((s, t) for t in talks if (s := _span(t))), key=lambda p: p[0][0])
    out: dict[int, list[Talk]] = {t.id: [] for t in talks}
    for i, ((_, end), talk) in enumerate(timed):
        for (other_start, _), other in timed[i + 1 :]:
            if other_start >= end:
                break
            if _same_poster_session(talk, other):
                continue
            out[talk.id].append(other)
            out[other.id].append(talk)
    return out


def _is_poster(talk: Talk) -> bool:
    return bool(talk.poster_position) or fold(talk.kind or "") == "poster"


def _same_poster_session(one: Talk, other: Talk) -> bool:
    session = fold(one.session or "")
    return bool(session) and session == fold(other.session or "") and _is_poster(one) and _is_poster(other)


def _position_number(position: str | None) -> tuple[int, str]:
    digits = re.search(r"\d+", position or "")
    return (int(digits.group()) if digits else 1 << 30, position or "")


def route(talks: list[Talk]) -> list[Stop]:
    """The picked posters of one session by room, then by poster number."""
    posters = [t for t in talks if _is_poster(t)]
    posters.sort(key=lambda t: (fold(t.room or "~"), _position_number(t.poster_position), t.id))
    return [Stop(t.room or "?", t.poster_position or "?", t.id, t.title) for t in posters]


def build(session: Session, key: str, *, tz: str | None = None) -> Agenda:
    """My agenda of ``key``: the days in the chosen zone, session by session."""
    from tracker import clock
    from tracker.models.personal import Note

    edition = edition_of(session, key)
    zone, zone_label = choose_zone(session, edition, tz)
    talks = picked_talks(session, edition)
    noted = Counter(session.scalars(select(Note.talk_id).where(Note.talk_id.in_([t.id for t in talks]))))
    overlaps = clashes(talks)
    now = clock.now()

    def entry(talk: Talk) -> AgendaEntry:
        span = _span(talk)
        start, end = span if span else (None, None)
        ended = end is not None and end <= now
        return AgendaEntry(
            id=talk.id,
            title=talk.title,
            kind=talk.kind,
            session=talk.session,
            room=talk.room,
            poster_position=talk.poster_position,
            starts_at=talk.starts_at,
            ends_at=talk.ends_at,
            local_start=start.astimezone(zone).strftime("%H:%M") if start else "",
            local_end=end.astimezone(zone).strftime("%H:%M") if end else "",
            conflicts=[f"conflicts with #{o.id} {o.title}" for o in overlaps[talk.id]],
            notes=noted.get(talk.id, 0),
            attended=ended or talk.id in noted,
        )

    days: dict[date, AgendaDay] = {}
    blocks: dict[tuple[date, str, datetime], tuple[SessionBlock, list[Talk]]] = {}
    unscheduled = []
    for talk in talks:
        if talk.starts_at is None:
            unscheduled.append(entry(talk))
            continue
        local = talk.starts_at.astimezone(zone)
        name = talk.session or talk.kind or "Talk"
        # One block per session and start: an oral session's talks, or one poster session.
        block_start = talk.starts_at if not talk.session else _session_start(talks, talk)
        block_key = (local.date(), name, block_start)
        if block_key not in blocks:
            block = SessionBlock(name, block_start.astimezone(zone).strftime("%H:%M"))
            blocks[block_key] = (block, [])
            days.setdefault(local.date(), AgendaDay(local.date())).sessions.append(block)
        blocks[block_key][0].entries.append(entry(talk))
        blocks[block_key][1].append(talk)
    for block, members in blocks.values():
        block.route = route(members)
    for day in days.values():
        day.sessions.sort(key=lambda b: (b.local_start, b.name))
    count = sum(len(others) for others in overlaps.values()) // 2  # each pair seen from both sides
    return Agenda(edition.key, zone_label, [days[d] for d in sorted(days)], unscheduled, count)


def _session_start(talks: list[Talk], talk: Talk) -> datetime:
    """The earliest start among picked items of the same session on the same UTC day."""
    assert talk.starts_at is not None
    same = [
        t.starts_at
        for t in talks
        if t.session == talk.session and t.starts_at and t.starts_at.date() == talk.starts_at.date()
    ]
    return min(same)
