"""Reading the catalog: edition listings, recommend's candidates and upcoming deadlines.

Filters are parsed in :mod:`tracker.catalog.filters`; one series in detail is
:mod:`tracker.catalog.detail`.

Every function here loads what it shows in a fixed, small number of queries
(``selectinload`` for the collections, one pass for quality), because ``tracker conf
list`` must answer in well under a second on the whole catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, exists, func, select

from tracker.catalog.ended import not_ended_clause
from tracker.catalog.filters import RANK_SOURCES
from tracker.models import catalog_tables as tables

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

# The tables' columns: the listing is a Core query on the Core tables, so a cold ``conf
# list`` imports no ORM and configures no mapper (on a cold process that was most of the
# time of a listing).
E = tables.edition.c
S = tables.series.c
ST = tables.series_topic.c
QS = tables.quality_signal.c
D = tables.deadline.c

# --- listing --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    """Filters of ``tracker conf list`` (already parsed; see :mod:`tracker.catalog.filters`)."""

    topics: tuple[str, ...] = ()  # topic keys, any of them
    min_quality: float | None = None
    rank: tuple[str, tuple[str, ...]] | None = None  # (source, accepted values)
    year: int | None = None
    kind: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    countries: tuple[str, ...] = ()  # any of these (a region: filters.parse_region)
    upcoming: bool = False  # not ended yet
    include_estimated: bool = True
    limit: int | None = None


@dataclass(frozen=True)
class EditionRow:
    key: str
    series_key: str
    acronym: str
    name: str
    year: int
    kind: str
    start_date: date | None
    end_date: date | None
    city: str | None
    country: str | None
    mode: str
    estimated: bool
    estimate_spread_days: int | None
    estimate_basis: str | None  # an estimate's past editions and method, in words
    topics: list[str]
    ranks: dict[str, str]
    quality: float | None
    quality_confidence: float
    quality_inherited: bool
    quality_overridden: bool
    next_deadline: datetime | None
    next_deadline_type: str | None
    next_deadline_estimated: bool


_AnySelect = TypeVar("_AnySelect", bound="Select[*tuple[Any, ...]]")


def narrowed(query: _AnySelect, filters: ListFilters, today: date) -> _AnySelect:
    """``query`` (which selects from ``edition``) narrowed by ``filters``, in SQL.

    The one place a filter becomes SQL: ``conf list``, ``upcoming``, the calendar export and
    the web pages all narrow their queries here.
    """
    if filters.year is not None:
        query = query.where(E.year == filters.year)
    if filters.kind is not None:
        query = query.where(E.kind == filters.kind)
    if filters.country is not None:
        query = query.where(E.country == filters.country)
    if filters.countries:
        query = query.where(E.country.in_(filters.countries))
    if filters.upcoming:
        query = query.where(not_ended_clause(today))
    if not filters.include_estimated:
        query = query.where(E.estimated.is_(False))
    if filters.topics:
        query = query.where(exists().where(ST.series_id == E.series_id, ST.topic.in_(filters.topics)))
    if filters.rank is not None:
        source, values = filters.rank
        query = query.where(
            exists().where(
                QS.series_id == E.series_id,
                QS.source == source,
                func.lower(QS.value).in_([v.lower() for v in values]),
            )
        )
    return query


_ORDER = (E.start_date.is_(None), E.start_date, E.key)


def list_editions(session: Connection | Session, filters: ListFilters, *, now: datetime) -> list[EditionRow]:
    """Editions matching ``filters``, by start date (undated last).

    Reads plain columns (no ORM objects): five queries whatever the catalog size, and
    no per-row object bookkeeping, which is most of the time of an ORM listing.
    """
    today = now.date()
    query = narrowed(
        select(
            E.id,
            E.series_id,
            E.key,
            E.year,
            E.kind,
            E.start_date,
            E.end_date,
            E.city,
            E.country,
            E.mode,
            E.estimated,
            E.estimate_spread_days,
            E.note,
            S.key.label("series_key"),
            S.acronym,
            S.name,
            S.quality_score,
            S.quality_confidence,
            S.quality_inherited,
            S.quality_overridden,
        ).join(tables.series, S.id == E.series_id),
        filters,
        today,
    ).order_by(*_ORDER)
    if filters.min_quality is not None:
        query = query.where(S.quality_score >= filters.min_quality)
    editions = session.execute(query).all()
    topics: dict[int, list[str]] = {}
    for series_id, topic in session.execute(select(ST.series_id, ST.topic).order_by(ST.topic)):
        topics.setdefault(series_id, []).append(topic)
    ranks: dict[int, dict[str, str]] = {}
    for series_id, source, value in session.execute(
        select(QS.series_id, QS.source, QS.value).where(QS.source.in_(RANK_SOURCES))
    ):
        ranks.setdefault(series_id, {})[source] = value
    # The next deadline of each edition: the first row per edition, soonest first.
    next_deadline: dict[int, tuple[str, datetime, bool]] = {}
    for edition_id, kind, at_utc, estimated in session.execute(
        select(D.edition_id, D.type, D.at_utc, D.estimated)
        .where(D.at_utc >= now, D.type != "notification")
        .order_by(D.at_utc)
    ):
        next_deadline.setdefault(edition_id, (kind, at_utc, estimated))

    rows: list[EditionRow] = []
    for e in editions:
        series_id = e.series_id
        score = e.quality_score
        deadline = next_deadline.get(e.id)
        rows.append(
            EditionRow(
                key=e.key,
                series_key=e.series_key,
                acronym=e.acronym,
                name=e.name,
                year=e.year,
                kind=e.kind,
                start_date=e.start_date,
                end_date=e.end_date,
                city=e.city,
                country=e.country,
                mode=e.mode,
                estimated=e.estimated,
                estimate_spread_days=e.estimate_spread_days,
                estimate_basis=e.note if e.estimated else None,
                topics=topics.get(series_id, []),
                ranks=ranks.get(series_id, {}),
                quality=round(score, 3) if score is not None else None,
                quality_confidence=round(e.quality_confidence, 3),
                quality_inherited=bool(e.quality_inherited),
                quality_overridden=bool(e.quality_overridden),
                next_deadline=deadline[1] if deadline else None,
                next_deadline_type=deadline[0] if deadline else None,
                next_deadline_estimated=bool(deadline and (deadline[2] or e.estimated)),
            )
        )
        if filters.limit is not None and len(rows) >= filters.limit:
            break
    return rows


# --- upcoming deadlines ---------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    edition_key: str
    acronym: str
    year: int
    type: str
    label: str | None
    round: int | None
    at_utc: datetime
    at_reader: datetime  # the same instant in the reader's zone (--tz, else the system's)
    local_text: str  # as the organisers published it (for an estimate: projected, not published)
    timezone: str
    estimated: bool  # the deadline or its whole edition is an estimate
    spread_days: int | None
    seconds_left: int
    days_left: int
    hours_left: int
    city: str | None
    country: str | None
    # What recent syncs changed about this edition ("paper deadline moved later: ... -> ...").
    changes: tuple[str, ...] = ()
    # A personal row's explanation (type "visa": the requirement and the data's date).
    note: str | None = None
    estimate_basis: str | None = None  # an estimate's past editions and method, in words


#: How far back ``tracker upcoming`` looks for changes worth highlighting.
CHANGES_WINDOW = timedelta(days=14)
_HIGHLIGHTED_CHANGES = (
    "deadline_moved",
    "deadline_added",
    "postponed",
    "dates_changed",
    "venue_changed",
    "new_cfp",
)


def recent_edition_changes(
    session: Connection | Session, keys: Sequence[str], since: datetime
) -> dict[str, list[str]]:
    """Edition key -> one line per change recorded by ``tracker sync`` since ``since``."""
    from tracker.models.ingest_tables import change

    if not keys:
        return {}
    c = change.c
    query = (
        select(c.subject, c.kind, c.detail, c.from_value, c.to_value)
        .where(c.subject.in_(list(keys)), c.at >= since, c.kind.in_(_HIGHLIGHTED_CHANGES))
        .order_by(c.at, c.id)
    )
    out: dict[str, list[str]] = {}
    for subject, kind, detail, from_value, to_value in session.execute(query):
        what = detail or kind.replace("_", " ")
        if from_value and to_value:
            what += f": {from_value} → {to_value}"
        elif to_value:
            what += f": {to_value}"
        out.setdefault(subject, []).append(what)
    return out


def upcoming_deadlines(
    session: Connection | Session,
    now: datetime,
    within: timedelta,
    types: Sequence[str] = (),
    topic: Sequence[str] = (),
    tz: tzinfo | None = None,
    *,
    where: ListFilters | None = None,
) -> list[DeadlineRow]:
    """Deadlines from ``now`` up to ``now + within``, soonest first, with the time left and
    each instant in the reader's zone ``tz`` (None: the system's); ``where`` narrows the
    editions (rank, kind, region ...) as ``conf list`` does.

    Plain columns (Core), as :func:`list_editions`: ``tracker upcoming`` configures no mapper.
    """
    query = (
        select(
            D.type,
            D.label,
            D.round,
            D.at_utc,
            D.local_text,
            D.timezone,
            D.estimated,
            E.id.label("edition_id"),
            E.key.label("edition_key"),
            E.year,
            E.city,
            E.country,
            E.note,
            E.estimated.label("edition_estimated"),
            E.estimate_spread_days,
            S.acronym,
        )
        .join(tables.edition, E.id == D.edition_id)
        .join(tables.series, S.id == E.series_id)
        .where(D.at_utc >= now, D.at_utc <= now + within)
        .order_by(D.at_utc, E.key)
    )
    if types:
        query = query.where(D.type.in_(list(types)))
    if topic:
        query = query.where(exists().where(ST.series_id == E.series_id, ST.topic.in_(list(topic))))
    if where is not None:
        query = narrowed(query, where, now.date())
    found = session.execute(query).all()
    # An announced edition's estimated deadline: its basis is worked out again from the
    # series' history (catalog.estimates reads mapped editions), for those rows only.
    announced = {r.edition_id for r in found if r.estimated and not r.edition_estimated}
    estimates = announced_estimates(session, announced, now.date()) if announced else {}

    rows = []
    for r in found:
        spread, basis = (r.estimate_spread_days, r.note) if r.edition_estimated else (None, None)
        if r.estimated and not r.edition_estimated and r.edition_id in estimates:
            spread, basis = estimates[r.edition_id]
        left = int((r.at_utc - now).total_seconds())
        days, rest = divmod(left, 86_400)
        rows.append(
            DeadlineRow(
                edition_key=r.edition_key,
                acronym=r.acronym,
                year=r.year,
                type=r.type,
                label=r.label,
                round=r.round,
                at_utc=r.at_utc,
                at_reader=r.at_utc.astimezone(tz),
                local_text=r.local_text,
                timezone=r.timezone,
                estimated=r.estimated or r.edition_estimated,
                spread_days=spread,
                estimate_basis=basis,
                seconds_left=left,
                days_left=days,
                hours_left=rest // 3600,
                city=r.city,
                country=r.country,
            )
        )
    changed = recent_edition_changes(session, sorted({r.edition_key for r in rows}), now - CHANGES_WINDOW)
    if changed:
        rows = [replace(r, changes=tuple(changed.get(r.edition_key, ()))) for r in rows]
    return rows


def announced_estimates(
    session: Connection | Session, edition_ids: set[int], today: date
) -> dict[int, tuple[int, str]]:
    """Edition id -> (spread in days, basis) of the estimated paper deadline of each announced
    edition of ``edition_ids`` that should carry one (``catalog.estimates`` reads mapped
    editions: a Core reader's connection gets a session for these editions only)."""
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from tracker.catalog.estimates import deadline_estimate, deadline_note
    from tracker.models.catalog import Edition

    if isinstance(session, Connection):
        with Session(bind=session) as orm:
            return announced_estimates(orm, edition_ids, today)
    out = {}
    for edition in session.scalars(select(Edition).where(Edition.id.in_(sorted(edition_ids)))):
        estimate = deadline_estimate(edition, today)
        if estimate is not None:
            out[edition.id] = (estimate.spread_days, deadline_note(estimate))
    return out
