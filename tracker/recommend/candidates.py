"""Candidate editions as plain columns: a fixed number of queries, no ORM objects, NumPy dates.

The per-edition columns are aggregated in SQL into one text each and parsed by NumPy
(:mod:`tracker.recommend.columns`): a million editions are a dozen strings, not tens of
millions of Python objects, and the texts (keys, names) stay joined until a row is shown.
What is per series (names, keys, quality: the stored composite, topics) is read once per
series (:mod:`tracker.recommend.series_columns`), places' histories are counted in SQL
(:mod:`tracker.recommend.past_places`), and the registration fee of every edition comes
from :mod:`tracker.recommend.registration`. The result is the kernel's input, compact
(:class:`~tracker.recommend.scoring.compact.CompactFeatures`), plus the few columns a
result row shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.recommend import costs
from tracker.recommend.columns import (
    EPOCH,
    SEPARATOR,
    TextColumn,
    day_numbers,
    distinct_codes,
    factorize,
    instant_texts,
    joined_columns,
    rows_found,
    rows_of,
    unique_codes,
)
from tracker.recommend.past_places import Visits, past_places
from tracker.recommend.registration import registration_fees
from tracker.recommend.scoring import EditionFeatures, sets
from tracker.recommend.scoring.compact import CompactFeatures
from tracker.recommend.scoring.features import MODE_NAMES
from tracker.recommend.series_columns import RowTexts, named_table, series_columns, topic_table, track_parents

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

__all__ = ["EPOCH", "Candidates", "Labels", "load_candidates", "next_deadlines", "rows_of"]


class Labels:
    """A few distinct values and each row's index among them: ``labels[row]``."""

    def __init__(self, values: Sequence[Any], index: np.ndarray) -> None:
        self._values, self._index = list(values), index

    def __len__(self) -> int:
        return len(self._index)

    def __getitem__(self, row: int) -> Any:
        return self._values[int(self._index[row])]


@dataclass(eq=False)  # arrays: compared by identity
class Candidates:
    """Plain columns of the candidate editions (row order = edition key order).

    The texts are looked up per row shown: keys in their joined column, the texts per
    series (acronyms, names, keys) through each row's series, cities through their codes.
    """

    ids: np.ndarray
    keys: Sequence[str]
    acronyms: Any  # RowTexts: acronyms[row]
    years: np.ndarray
    names: Any
    series_keys: Any
    kinds: np.ndarray  # object: "conference" | "workshop"
    countries: np.ndarray  # ISO codes, "" unknown
    continents: np.ndarray  # geonames continent codes, "" unknown
    cities: Any  # cities[row]: the name, None unknown
    features: EditionFeatures | CompactFeatures
    vocabulary: list[str]
    registration_known: np.ndarray
    # The row of a track's parent edition (tracker.recommend.tracks), -1 for none.
    parent_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # The places in features.past, as ISO codes and continents (coded against the home later).
    past_countries: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    past_continents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    fee_choices: dict[int, costs.FeeChoice] = field(default_factory=dict)  # edition id -> known fee paid
    # The distinct countries (sorted ISO codes, "" unknown), each one's continent, and each
    # row's index among them: what is per country is looked up once per country.
    country_names: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    country_continents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    country_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # np.argsort(ids): the rows in id order, sorted once for every lookup of rows by id.
    id_order: np.ndarray | None = None

    def rows_in_id_order(self) -> np.ndarray:
        if self.id_order is None:
            self.id_order = np.argsort(self.ids, kind="stable")
        return self.id_order

    def title(self, row: int) -> str:
        return f"{self.acronyms[row]} {self.years[row]}"

    def day(self, values: np.ndarray, row: int) -> date | None:
        value = values[row]
        return None if np.isnan(value) else date.fromordinal(int(value) + EPOCH)


def load_candidates(
    session: Session | Connection,
    *,
    now: datetime,
    student: bool,
    mode: str = "attend",
    kind: str | None = None,
    topic_keys: list[str] | None = None,
    include_id: int | None = None,
) -> Candidates:
    """Editions not ended by today (plus ``include_id``), as arrays, in a fixed number of queries.

    Queries run on the connection (no ORM rows) and dates come back as the database's
    own text where it stores text (SQLite), parsed by NumPy in one call per column.
    """
    from sqlalchemy import Integer, and_, case, exists, func, or_, select, type_coerce

    from tracker.catalog import topics
    from tracker.catalog.ended import not_ended_clause
    from tracker.models import catalog_tables as tables

    # The tables' columns, not mapped classes: no mapper is configured for these reads.
    e, series_topic = tables.edition.c, tables.series_topic.c

    today = now.date()
    not_ended = not_ended_clause(today)
    where: Any = not_ended if include_id is None else or_(not_ended, e.id == include_id)
    if kind:
        where = and_(where, e.kind == kind)
    if topic_keys:
        where = and_(
            where,
            exists().where(series_topic.series_id == e.series_id, series_topic.topic.in_(topic_keys)),
        )
    parent = tables.edition.alias("parent")
    p = parent.c
    conn = _connection(session)

    # A workshop is held where its parent conference is, when it names no place of its own.
    parent_place = and_(e.latitude.is_(None), p.latitude.is_not(None), p.longitude.is_not(None))

    def placed(own: Any, parents: Any) -> Any:
        return case((parent_place, parents), else_=own)

    editions = (
        select(
            e.id, e.series_id, e.year,
            # The mode, whether a candidate, whether its own place is known, workshop and
            # estimated in one small integer: one column less to join and parse per flag.
            (
                case({name: code for code, name in enumerate(MODE_NAMES)}, value=e.mode) * 16
                + case((where, 8), else_=0)  # not NULL where the filter is NULL (three-valued)
                + type_coerce(and_(e.latitude.is_not(None), e.longitude.is_not(None)), Integer) * 4
                + type_coerce(e.kind == "workshop", Integer) * 2
                + type_coerce(e.estimated, Integer)
            ).label("flags"),
            func.coalesce(p.series_id, -1).label("parent_series"),
            day_numbers(e.start_date).label("start"),
            day_numbers(e.end_date).label("end"),
            func.coalesce(placed(e.latitude, p.latitude), "nan").label("latitude"),
            func.coalesce(placed(e.longitude, p.longitude), "nan").label("longitude"),
            # Two characters each, so that the column is one fixed-width NumPy array.
            func.substr(func.coalesce(placed(e.country, p.country), "") + "  ", 1, 2).label("country"),
            func.coalesce(placed(e.city, p.city), "").label("city"),
            e.key,
        )
        .outerjoin(parent, p.id == e.parent_id)
        # Every edition, the candidates flagged: the past places are counted from the same
        # rows (one scan, not a second one grouped by series and place).
        # In key order: SQLite reads the rows along the key's unique index, with no sort and
        # no window over a million rows (see below for an engine that does not keep it).
        .order_by(e.key)
        .subquery()
    )  # fmt: skip
    col = joined_columns(conn, editions)
    every_key = col.column("key")
    in_key_order = (
        None if every_key.is_sorted() else np.argsort(np.array(every_key.all(), dtype=str), kind="stable")
    )

    def ordered(values: np.ndarray) -> np.ndarray:
        return values if in_key_order is None else values[in_key_order]

    if in_key_order is not None:
        every = every_key.all()
        every_key = TextColumn(SEPARATOR.join(every[i] for i in in_key_order.tolist()), len(every))
    every_flags = ordered(col.integers("flags"))
    rows = np.flatnonzero(every_flags & 8)  # the candidates, in key order
    n = len(rows)
    every_id, every_series = ordered(col.integers("id")), ordered(col.integers("series_id"))
    every_lat, every_lon = ordered(col.numbers("latitude")), ordered(col.numbers("longitude"))
    # A placed, announced edition: its own place (not a parent's), not an estimate.
    announced = (every_flags & 5) == 4
    ids, series_ids, lat, lon, flags = (
        a[rows] for a in (every_id, every_series, every_lat, every_lon, every_flags)
    )
    keys = RowTexts(every_key, rows)
    parent_sid = ordered(col.integers("parent_series"))[rows]  # -1: not at a parent edition
    start_day, end_day = ordered(col.days("start"))[rows], ordered(col.days("end"))[rows]
    modes = (flags >> 4).astype(np.int8)
    estimated = (flags & 1).astype(bool)
    workshop = (flags & 2) != 0
    kinds = np.array(["conference", "workshop"], dtype=object)[workshop.astype(np.int8)]  # two strings
    countries = ordered(np.ascontiguousarray(np.char.strip(col.fixed("country", 2))))[rows]
    # Cities: the distinct names once, and each edition's index among them.
    city_texts = col.texts("city")
    if in_key_order is not None:
        city_texts = [city_texts[i] for i in in_key_order.tolist()]
    city_names, city_index = factorize(city_texts)
    city_index = city_index[rows]
    del city_texts
    unplaced = np.isnan(lat) & (modes != MODE_NAMES.index("virtual"))
    wanted = sets.distinct(series_ids[unplaced])
    visits = Visits.of(every_series, every_lat, every_lon, every_id, announced & bool(len(wanted)))
    del every_id, every_series, every_lat, every_lon, every_flags, announced
    past = past_places(conn, series_ids, unplaced, visits)
    country_names, country_index = unique_codes(countries)
    continent_names = np.array([costs.continent(c) or "" for c in country_names], dtype="U2")
    continents = continent_names[country_index]
    # What is per series (what a row shows, the stored quality composite), read once per
    # series (every series: a filter by the candidates would run their query again, and the
    # series are a tenth of the editions), then indexed per edition.
    series = series_columns(conn)
    at_series = np.searchsorted(series.ids, series_ids)
    quality = series.quality[at_series]  # the stored composite's mean (NaN: nothing known)
    confidence = series.confidence[at_series]
    years = ordered(col.integers("year"))[rows]

    # Topics: a series x vocabulary table, indexed per edition; a workshop series without
    # topics of its own takes its parent edition's.
    vocabulary = list(topics.vocabulary())
    table = topic_table(conn, series.ids, vocabulary)
    topic_row = at_series.copy()
    inherit = ~np.asarray(table.any(axis=1))[at_series] & (parent_sid >= 0)
    if inherit.any():
        topic_row[inherit] = np.searchsorted(series.ids, parent_sid[inherit])
    # What each series' own name says it is about.
    named = named_table(series.names, vocabulary)

    fees = registration_fees(
        conn, ids, start_day, quality, workshop, continent_names, country_index,
        series_keys=series.keys.all(), at_series=at_series,
        now=now, student=student, mode=mode, among=where,
    )  # fmt: skip
    nights = _night_costs(city_names, city_index, country_names, continent_names, country_index)
    track_rows = track_parents(series.acronyms, at_series, years)
    id_order = np.argsort(ids, kind="stable")
    paper_next, paper_passed = _paper_deadlines(conn, ids, id_order, now)
    base = EditionFeatures(
        topics=np.zeros((n, 0), dtype=bool),  # held per series (topic_row), no memory here
        quality=quality,
        quality_confidence=confidence,
        start=start_day,
        end=end_day,
        estimated=estimated,
        paper_deadline=paper_next,
        paper_deadline_passed=paper_passed,
        latitude=lat,
        longitude=lon,
        country=np.zeros(n, dtype=np.int64),  # coded against the home in person_features
        region=np.zeros(n, dtype=np.int64),
        mode=modes,
        registration=fees.registration,
        night_cost=np.where(past.history >= 0, past.night_cost, nights),
        with_parent=track_rows >= 0,
    )
    features = CompactFeatures(base, table, topic_row, named, at_series, past.features())
    return Candidates(
        ids=ids,
        keys=keys,
        acronyms=RowTexts(series.acronyms, at_series),
        series_keys=RowTexts(series.keys, at_series),
        years=years,
        names=RowTexts(series.names, at_series),
        kinds=kinds,
        countries=countries,
        continents=continents,
        cities=Labels([c or None for c in city_names], city_index),
        features=features,
        vocabulary=vocabulary,
        registration_known=fees.known,
        parent_rows=track_rows,
        past_countries=past.countries,
        past_continents=past.continents,
        fee_choices=fees.choices,
        country_names=country_names,
        country_continents=continent_names,
        country_index=country_index,
        id_order=id_order,
    )


def _paper_deadlines(
    conn: Any, ids: np.ndarray, id_order: np.ndarray, now: datetime
) -> tuple[np.ndarray, np.ndarray]:
    """Paper deadlines, aggregated in SQL: the next one ahead, and whether all have passed.
    Of every edition (most are candidates; the others are left out here, by id)."""
    from sqlalchemy import String, case, func, select, type_coerce

    from tracker.models.catalog_tables import deadline

    d = deadline.c
    paper_next = np.full(len(ids), np.nan)
    paper_any = np.zeros(len(ids), dtype=bool)
    next_at = func.coalesce(type_coerce(func.min(case((d.at_utc >= now, d.at_utc))), String), "NaT")
    papers = joined_columns(
        conn,
        select(d.edition_id, next_at.label("next_at"))
        .where(d.type == "paper")
        .group_by(d.edition_id)
        .subquery(),
    )
    if papers.count:
        at_rows, found = rows_found(ids, papers.integers("edition_id"), id_order)
        paper_any[at_rows] = True
        paper_next[at_rows] = instant_texts(papers.texts("next_at"))[found]
    return paper_next, paper_any & np.isnan(paper_next)


def _night_costs(
    city_names: list[str], city_index: np.ndarray, country_names: np.ndarray,
    continent_names: np.ndarray, country_index: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """The night cost of every edition, looked up once per distinct (city, country)."""
    if not len(city_index):
        return np.zeros(0)
    pair = city_index * len(country_names) + country_index
    distinct, inverse = distinct_codes(pair, len(city_names) * len(country_names))
    cities = np.array([c or None for c in city_names], dtype=object)[distinct // len(country_names)]
    at_country = distinct % len(country_names)
    per_pair = costs.night_costs(cities, country_names[at_country], continent_names[at_country])
    return per_pair[inverse]


def next_deadlines(
    session: Session | Connection, edition_ids: list[int], now: datetime
) -> dict[int, tuple[datetime, str, bool]]:
    """The next deadline (any type but notification) of a few editions: (instant, type, estimated)."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import deadline

    d = deadline.c
    out: dict[int, tuple[datetime, str, bool]] = {}
    rows = _connection(session).execute(
        select(d.edition_id, d.at_utc, d.type, d.estimated)
        .where(d.edition_id.in_(edition_ids), d.at_utc >= now, d.type != "notification")
        .order_by(d.edition_id, d.at_utc)
    )
    for edition_id, at, kind, estimated in rows:
        out.setdefault(edition_id, (at, kind, bool(estimated)))
    return out


def _connection(session: Session | Connection) -> Connection:
    """The Core connection of a Session, or the connection itself (the CLI reads on one, no ORM)."""
    from sqlalchemy import Connection

    return session if isinstance(session, Connection) else session.connection()
