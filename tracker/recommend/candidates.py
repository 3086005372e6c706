"""Candidate editions as plain columns: a fixed number of queries, no ORM objects, NumPy dates.

Read with the DB-API rows directly (see :func:`_fetch`), so that a catalog of 100,000
editions loads in about a second; the result is the feature arrays of
:mod:`tracker.recommend.scoring.features` plus the few columns a result row shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.recommend import costs, tracks
from tracker.recommend.currencies import currencies
from tracker.recommend.scoring import EditionFeatures
from tracker.recommend.scoring.features import MODE_NAMES, PastPlaces

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class Candidates:
    """Plain columns of the candidate editions (row order = edition key order)."""

    ids: np.ndarray
    keys: list[str]
    acronyms: list[str]
    years: list[int]
    names: list[str]
    series_keys: list[str]
    kinds: np.ndarray
    countries: np.ndarray  # ISO codes, "" unknown
    continents: np.ndarray  # geonames continent codes, "" unknown
    cities: list[str | None]
    features: EditionFeatures
    vocabulary: list[str]
    registration_known: np.ndarray
    # The row of a track's parent edition (tracker.recommend.tracks), -1 for none.
    parent_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # The places in features.past, as ISO codes and continents (coded against the home later).
    past_countries: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    past_continents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))
    fee_choices: dict[int, costs.FeeChoice] = field(default_factory=dict)  # edition id -> known fee paid

    def title(self, row: int) -> str:
        return f"{self.acronyms[row]} {self.years[row]}"

    def day(self, values: np.ndarray, row: int) -> date | None:
        value = values[row]
        return None if np.isnan(value) else date.fromordinal(int(value) + EPOCH)


def rows_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row of each id in ``wanted`` within ``ids`` (unsorted, unique; every id present)."""
    order = np.argsort(ids, kind="stable")
    return order[np.searchsorted(ids[order], wanted)]


def _day(value: date | None) -> float:
    return float(value.toordinal() - EPOCH) if value else float("nan")


def _instant_day(value: datetime) -> float:
    return value.timestamp() / 86_400.0


def _day_numbers(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    """Dates (SQLite's ISO text, or date objects elsewhere) -> float day numbers, NaN for None."""
    if all(v is None or isinstance(v, str) for v in values):
        parsed = np.array(["NaT" if v is None else v[:10] for v in values], dtype="datetime64[D]")
        out = parsed.astype(np.int64).astype(float)
        out[np.isnat(parsed)] = np.nan
        return out
    return np.array([np.nan if v is None else float(v.toordinal() - EPOCH) for v in values])


def _instant_numbers(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    """UTC instants (SQLite's naive ISO text, or datetimes elsewhere) -> fractional day numbers."""
    if all(v is None or isinstance(v, str) for v in values):
        parsed = np.array(["NaT" if v is None else v for v in values], dtype="datetime64[us]")
        out = parsed.astype(np.int64) / 86_400e6
        out[np.isnat(parsed)] = np.nan
        return out
    return np.array(
        [np.nan if v is None else _instant_day(v.replace(tzinfo=v.tzinfo or UTC)) for v in values]
    )


def _fetch(conn: Any, statement: Any) -> list[Any]:
    """All rows as the DB-API returns them: no per-value result processing.

    For 100,000 rows this halves the fetch time. The columns read this way are plain
    numbers and text; dates are coerced to text in the query and parsed by NumPy
    (with a fallback for drivers that return date objects).
    """
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _factorize(values: list[Any] | tuple[Any, ...]) -> tuple[list[Any], np.ndarray]:
    """The distinct values (in order of first appearance) and each value's index among them.

    A dictionary pass: ``np.unique`` would sort 100,000 strings to the same end.
    """
    index: dict[Any, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))
    return list(index), codes


def _text(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    return np.array(["" if v is None else str(v) for v in values], dtype=str)


def load_candidates(
    session: Session,
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
    from sqlalchemy import String, and_, case, exists, func, or_, select, type_coerce

    from tracker.catalog import topics
    from tracker.catalog.ended import not_ended_clause
    from tracker.catalog.quality import quality_for_series
    from tracker.models.catalog import Deadline, Edition, Series, SeriesTopic

    today = now.date()
    not_ended = not_ended_clause(today)
    where: Any = not_ended if include_id is None else or_(not_ended, Edition.id == include_id)
    if kind:
        where = and_(where, Edition.kind == kind)
    if topic_keys:
        where = and_(
            where,
            exists().where(SeriesTopic.series_id == Edition.series_id, SeriesTopic.topic.in_(topic_keys)),
        )
    e = Edition
    conn = session.connection()
    rows = _fetch(
        conn,
        select(
            e.id, e.key, e.series_id, e.year, e.kind, e.parent_id, type_coerce(e.start_date, String),
            type_coerce(e.end_date, String), e.city, e.country, e.latitude, e.longitude, e.mode, e.estimated,
            Series.acronym, Series.name, Series.key,
        )
        .join(Series, Series.id == e.series_id)
        .where(where)
        .order_by(e.key)
    )  # fmt: skip
    n = len(rows)
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 17
    ids = np.array(columns[0], dtype=np.int64)
    series_ids = np.array(columns[2], dtype=np.int64)
    kinds = np.array(columns[4], dtype=object)
    parent_ids = np.array([-1 if p is None else p for p in columns[5]], dtype=np.int64)
    start_day, end_day = _day_numbers(columns[6]), _day_numbers(columns[7])
    lat = np.array(columns[10], dtype=float)  # NumPy reads None as NaN
    lon = np.array(columns[11], dtype=float)
    cities: list[Any] = list(columns[8])
    country_values: list[Any] = list(columns[9])
    # A workshop is held where its parent conference is, when it names no place of its own.
    parents = {
        row[0]: row[1:]
        for row in conn.execute(
            select(e.id, e.series_id, e.latitude, e.longitude, e.country, e.city).where(
                e.id.in_(select(e.parent_id).where(where))
            )
        )
    }
    parent_series = {pid: values[0] for pid, values in parents.items()}
    for row in np.flatnonzero(np.isnan(lat) & (parent_ids >= 0)).tolist():
        _, p_lat, p_lon, p_country, p_city = parents[int(parent_ids[row])]
        if p_lat is not None and p_lon is not None:
            lat[row], lon[row] = p_lat, p_lon
            country_values[row], cities[row] = p_country, p_city
    mode_names, mode_index = _factorize([m or "" for m in columns[12]])
    modes = np.array([MODE_NAMES.index(m) for m in mode_names], dtype=np.int8)[mode_index]
    unplaced = np.isnan(lat) & (modes != MODE_NAMES.index("virtual"))
    past = _past_places(conn, series_ids, unplaced)
    estimated = np.array(columns[13], dtype=bool)
    countries = _text(country_values)
    continent_names, continent_index = _factorize([c or "" for c in country_values])
    continents = np.array([costs.continent(c) or "" for c in continent_names], dtype=str)[continent_index]
    candidate_ids = select(e.id).where(where).scalar_subquery()

    # Topics: a series x vocabulary matrix, indexed per edition; a workshop series without
    # topics of its own takes its parent edition's.
    vocabulary = list(topics.vocabulary())
    column_of = {k: v for v, k in enumerate(vocabulary)}
    series_list, series_index = np.unique(series_ids, return_inverse=True)
    series_index = series_index.reshape(-1)
    all_series = np.union1d(series_list, np.array(list(parent_series.values()), dtype=np.int64))
    matrix = np.zeros((len(all_series), len(vocabulary)), dtype=bool)
    pairs = _fetch(conn, select(SeriesTopic.series_id, SeriesTopic.topic))
    if pairs:
        sid = np.array([p[0] for p in pairs], dtype=np.int64)
        col = np.array([column_of.get(p[1], -1) for p in pairs], dtype=np.int64)
        pos = np.clip(np.searchsorted(all_series, sid), 0, max(len(all_series) - 1, 0))
        ok = (col >= 0) & (len(all_series) > 0)
        ok[ok] = all_series[pos[ok]] == sid[ok]
        matrix[pos[ok], col[ok]] = True
    topic_rows = (
        matrix[np.searchsorted(all_series, series_ids)] if n else np.zeros((0, len(vocabulary)), bool)
    )
    # What each series' own name says it is about (one look per distinct name).
    name_list, name_index = _factorize(columns[15])
    named_rows = np.zeros((len(name_list), len(vocabulary)), dtype=bool)
    for row, name in enumerate(name_list):
        for key in topics.named_in(str(name)):
            if key in column_of:
                named_rows[row, column_of[key]] = True
    named = named_rows[name_index] if n else np.zeros((0, len(vocabulary)), bool)
    parent_sid = np.array([parent_series.get(int(p), -1) for p in parent_ids], dtype=np.int64)
    inherit = ~topic_rows.any(axis=1) & (parent_sid >= 0)
    if inherit.any():
        topic_rows[inherit] = matrix[np.searchsorted(all_series, parent_sid[inherit])]

    # Quality per series.
    qualities = quality_for_series(session)
    quality = np.array([_score_of(qualities.get(int(s))) for s in series_list], dtype=float)[series_index]
    confidence = np.array(
        [q.confidence if (q := qualities.get(int(s))) else 0.0 for s in series_list], dtype=float
    )[series_index]

    # Paper deadlines, aggregated in SQL: the next one ahead, and whether there were any.
    raw_at = type_coerce(Deadline.at_utc, String)
    paper_next = np.full(n, np.nan)
    paper_any = np.zeros(n, dtype=bool)
    paper_rows = _fetch(
        conn,
        select(
            Deadline.edition_id,
            type_coerce(func.min(case((Deadline.at_utc >= now, Deadline.at_utc))), String),
        )
        .where(Deadline.edition_id.in_(candidate_ids), Deadline.type == "paper")
        .group_by(Deadline.edition_id),
    )
    if paper_rows:
        edition_ids, next_at = zip(*paper_rows, strict=True)
        at_rows = rows_of(ids, np.array(edition_ids, dtype=np.int64))
        paper_any[at_rows] = True
        paper_next[at_rows] = _instant_numbers(next_at)
    paper_passed = paper_any & np.isnan(paper_next)

    # Early-bird registration: open when a known "early" registration deadline is ahead.
    early_state = np.zeros(n, dtype=np.int8)  # 0 unknown, 1 open, -1 closed
    for edition_id, at in conn.execute(
        select(Deadline.edition_id, raw_at).where(
            Deadline.edition_id.in_(candidate_ids),
            Deadline.type == "registration",
            func.lower(Deadline.label).like("%early%"),
        )
    ):
        r = int(rows_of(ids, np.array([edition_id]))[0])
        is_open = _instant_numbers([at])[0] >= _instant_day(now)
        early_state[r] = 1 if is_open or early_state[r] == 1 else -1

    # Registration: a known fee from the catalog, else the fee model.
    model = costs.fee_model()
    today_day = float(today.toordinal() - EPOCH)
    lead = np.nan_to_num(start_day - today_day, nan=0.0)
    early_open = np.where(early_state == 0, lead > model.early_window_days, early_state > 0)
    registration = costs.estimated_registration(
        quality, kinds == "workshop", continents, early_open, student=student
    )
    known = np.zeros(n, dtype=bool)
    rates, register_on = currencies(), costs.registration_instant(now)
    choices: dict[int, costs.FeeChoice] = {}
    for edition_id, edition_fees in costs.known_fees(conn, candidate_ids).items():
        r = int(rows_of(ids, np.array([edition_id]))[0])
        early = bool(early_open[r])  # the model's guess, for an early rate whose end is not known
        chosen = costs.choose_known_fee(
            edition_fees, student=student, register_on=register_on, early_open=early
        )
        if chosen is not None:
            registration[r] = rates.to_eur(chosen.paid.amount, chosen.paid.currency)
            known[r] = True
            choices[edition_id] = chosen
    # A society's add-on is paid on top of any fee, estimated or known (ACL membership).
    series_keys = np.array(columns[16], dtype=object).astype(str) if n else np.zeros(0, dtype=str)
    registration = registration + costs.addons_eur(series_keys, student=student, mode=mode)

    nights = costs.night_costs(np.array(cities, dtype=object), countries, continents)
    track_parents = tracks.parent_rows(list(columns[14]), list(columns[3]))
    features = EditionFeatures(
        topics=topic_rows,
        named=named,
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
        registration=registration,
        night_cost=np.where(past.history >= 0, past.night_cost, nights),
        past=past.features(),
        with_parent=track_parents >= 0,
    )
    return Candidates(
        ids=ids,
        keys=list(columns[1]),
        acronyms=list(columns[14]),
        series_keys=list(columns[16]),
        years=list(columns[3]),
        names=list(columns[15]),
        kinds=kinds,
        countries=countries,
        continents=continents,
        cities=cities,
        features=features,
        vocabulary=vocabulary,
        registration_known=known,
        parent_rows=track_parents,
        past_countries=past.countries,
        past_continents=past.continents,
        fee_choices=choices,
    )


@dataclass(frozen=True)
class _Past:
    """:class:`PastPlaces` before the home is known (places as ISO codes and continents),
    with the night cost expected at each edition's past places."""

    history: np.ndarray
    weights: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    countries: np.ndarray
    continents: np.ndarray
    night_cost: np.ndarray  # (n,) EUR, the mean over the edition's past places (NaN: none)

    def features(self) -> PastPlaces:
        codes = np.zeros(len(self.latitude), dtype=np.int64)  # coded against the home later
        return PastPlaces(self.history, self.weights, self.latitude, self.longitude, codes, codes)


def _past_places(conn: Any, series_ids: np.ndarray, unplaced: np.ndarray) -> _Past:
    """Where each unplaced edition's series met before: every placed, announced edition of the
    series (any year) counts once. A series that never announced a place is expected where
    the catalog's conferences meet, each placed edition counting once: a guess, but one that
    still tells Berlin from Sydney, where one constant distance would not."""
    from sqlalchemy import select

    from tracker.models.catalog import Edition as e

    wanted = np.unique(series_ids[unplaced])
    rows = (
        _fetch(
            conn,
            select(e.series_id, e.latitude, e.longitude, e.country, e.city).where(
                e.latitude.is_not(None), e.longitude.is_not(None), e.estimated.is_(False)
            ),
        )
        if len(wanted)
        else []
    )
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 5
    sid = np.array(columns[0], dtype=np.int64)
    points = np.stack([np.array(columns[1], dtype=float), np.array(columns[2], dtype=float)], axis=1)
    # A place is its coordinates; its country and city are those of its first edition.
    unique, first, place_of = np.unique(points.reshape(-1, 2), axis=0, return_index=True, return_inverse=True)
    place_of = place_of.reshape(-1)
    places = [
        (float(la), float(lo), columns[3][i] or "", columns[4][i] or "")
        for (la, lo), i in zip(unique, first, strict=True)
    ]
    # One history per wanted series that has one, and a last one for the whole catalog.
    own = np.intersect1d(wanted, sid)
    counts = np.zeros((len(own) + 1, len(places)))
    mine = np.isin(sid, own)
    np.add.at(counts, (np.searchsorted(own, sid[mine]), place_of[mine]), 1.0)
    np.add.at(counts, (np.full(len(place_of), len(own)), place_of), 1.0)
    total = counts.sum(axis=1, keepdims=True)
    weights = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    position = np.clip(np.searchsorted(own, series_ids), 0, max(len(own) - 1, 0))
    has_own = (own[position] == series_ids) if len(own) else np.zeros(len(series_ids), dtype=bool)
    history = np.where(has_own, position, len(own))
    history = np.where(unplaced & (total[-1, 0] > 0), history, -1)
    countries = np.array([p[2] for p in places], dtype="U2") if places else np.zeros(0, dtype="U2")
    continents = np.array([costs.continent(c) or "" for c in countries], dtype="U2")
    cities = np.array([p[3] or None for p in places], dtype=object)
    place_nights = costs.night_costs(cities, countries, continents) if places else np.zeros(0)
    expected_nights = (weights * place_nights[None, :]).sum(axis=1)
    return _Past(
        history=history,
        weights=weights,
        latitude=np.array([p[0] for p in places], dtype=float),
        longitude=np.array([p[1] for p in places], dtype=float),
        countries=countries,
        continents=continents,
        night_cost=np.where(history >= 0, expected_nights[np.maximum(history, 0)], np.nan),
    )


def _score_of(quality: Any) -> float:
    # The mean of the present signals: the criterion applies the confidence and its own prior.
    return float("nan") if quality is None or quality.mean is None else float(quality.mean)


def next_deadlines(
    session: Session, edition_ids: list[int], now: datetime
) -> dict[int, tuple[datetime, str, bool]]:
    """The next deadline (any type but notification) of a few editions: (instant, type, estimated)."""
    from sqlalchemy import select

    from tracker.models.catalog import Deadline

    out: dict[int, tuple[datetime, str, bool]] = {}
    rows = session.connection().execute(
        select(Deadline.edition_id, Deadline.at_utc, Deadline.type, Deadline.estimated)
        .where(Deadline.edition_id.in_(edition_ids), Deadline.at_utc >= now, Deadline.type != "notification")
        .order_by(Deadline.edition_id, Deadline.at_utc)
    )
    for edition_id, at, kind, estimated in rows:
        out.setdefault(edition_id, (at, kind, bool(estimated)))
    return out
