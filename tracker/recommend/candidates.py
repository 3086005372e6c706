"""Candidate editions as plain columns: a fixed number of queries, no ORM objects, NumPy dates.

The per-edition columns are aggregated in SQL into one text each and parsed by NumPy
(:func:`_joined_columns`): a million editions are a dozen strings, not tens of millions of
Python objects. What is per series (names, keys, quality: the stored composite) is read
once per series, places' histories are counted in SQL, and the few other rows (topics,
fees, early-bird deadlines) come as the DB-API returns them (:func:`_fetch`). The result is
the feature arrays of :mod:`tracker.recommend.scoring.features` plus the few columns a
result row shows.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.recommend import costs, tracks
from tracker.recommend.currencies import currencies
from tracker.recommend.scoring import EditionFeatures
from tracker.recommend.scoring.criteria import row_means
from tracker.recommend.scoring.features import MODE_NAMES, PastPlaces

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class Candidates:
    """Plain columns of the candidate editions (row order = edition key order).

    The texts per series (acronyms, names, keys) are object arrays that index the series'
    strings: a million editions share their series' hundred thousand strings.
    """

    ids: np.ndarray
    keys: list[str]
    acronyms: np.ndarray  # object
    years: np.ndarray
    names: np.ndarray  # object
    series_keys: np.ndarray  # object
    kinds: np.ndarray  # object: "conference" | "workshop"
    countries: np.ndarray  # ISO codes, "" unknown
    continents: np.ndarray  # geonames continent codes, "" unknown
    cities: np.ndarray  # object: the name, None unknown
    features: EditionFeatures
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


def _instant_numbers(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    """UTC instants (SQLite's naive ISO text, or datetimes elsewhere) -> fractional day numbers."""
    if all(v is None or isinstance(v, str) for v in values):
        return _instant_texts(["NaT" if v is None else v for v in values])
    return np.array(
        [np.nan if v is None else _instant_day(v.replace(tzinfo=v.tzinfo or UTC)) for v in values]
    )


def _instant_texts(texts: list[str]) -> np.ndarray:
    """ISO instants ("NaT" for none) -> fractional day numbers, NaN for none."""
    parsed = np.array(texts, dtype="datetime64[us]")
    out = parsed.astype(np.int64) / 86_400e6
    out[np.isnat(parsed)] = np.nan
    return out


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

    Dictionary passes in C (``dict.fromkeys``, ``map``): ``np.unique`` would sort a million
    strings to the same end, and a Python loop would call a function per value.
    """
    distinct = list(dict.fromkeys(values))
    index = {value: code for code, value in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return distinct, codes


def rows_found(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the ``wanted`` ids found in ``ids`` (unsorted, unique), and which were found."""
    order = np.argsort(ids, kind="stable")
    at = np.clip(np.searchsorted(ids[order], wanted), 0, max(len(ids) - 1, 0))
    found = ids[order[at]] == wanted if len(ids) else np.zeros(len(wanted), dtype=bool)
    return order[at[found]], found


def _row_lookup(ids: np.ndarray, wanted: list[int]) -> dict[int, int]:
    """Edition id -> row, for a few ``wanted`` ids (one search for all of them)."""
    return dict(zip(wanted, rows_of(ids, np.array(wanted, dtype=np.int64)).tolist(), strict=True))


PLACES_PER_QUERY = 10_000  # first editions of past places looked up per query (bound parameters)
SEPARATOR = "\x1f"  # the ASCII unit separator: in no key or city name
FIXED_WIDTH = {"country"}  # columns joined with no separator (see _Joined.fixed)


@dataclass(frozen=True)
class _Joined:
    """Each column of a query's rows as one text (see :func:`_joined_columns`), parsed by NumPy.

    A column is read once: its text is let go as it is parsed, so that a million editions'
    texts are not all held beside their arrays.
    """

    texts_of: dict[str, str]
    count: int

    def numbers(self, name: str) -> np.ndarray:
        return np.fromstring(self.texts_of.pop(name), sep=SEPARATOR) if self.count else np.zeros(0)

    def integers(self, name: str) -> np.ndarray:
        """A column of integers (ids, codes, SQLite's 0/1 booleans): read as int64, which
        parses about ten times faster than the same digits read as floats."""
        if not self.count:
            return np.zeros(0, dtype=np.int64)
        return np.fromstring(self.texts_of.pop(name), dtype=np.int64, sep=SEPARATOR)

    def days(self, name: str) -> np.ndarray:
        """Dates as the digits YYYYMMDD (0 for none, see :func:`_date_digits`) -> float day
        numbers, NaN for none: parsed as integers and counted in months by NumPy."""
        digits = self.integers(name)
        year, rest = np.divmod(digits, 10_000)
        month, day = np.divmod(rest, 100)
        months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
        out = (months.astype("datetime64[D]").astype(np.int64) + day - 1).astype(float)
        out[digits <= 0] = np.nan
        return out

    def fixed(self, name: str, width: int) -> np.ndarray:
        """A column of texts ``width`` characters each, joined with no separator."""
        if not self.count:
            return np.zeros(0, dtype=f"<U{width}")
        return np.frombuffer(self.texts_of.pop(name).encode("utf-32-le"), dtype=f"<U{width}")

    def texts(self, name: str) -> list[str]:
        return self.texts_of.pop(name).split(SEPARATOR) if self.count else []


def _unique_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of two-letter codes (``<U2``), sorting integers:
    each code's two code points as one number, which orders as the texts do."""
    if not len(codes):
        return codes, np.zeros(0, dtype=np.int64)
    points = codes.view(np.uint32).reshape(-1, 2).astype(np.int64)
    _, first, inverse = np.unique(points[:, 0] << 21 | points[:, 1], return_index=True, return_inverse=True)
    return codes[first], inverse.reshape(-1)


def _date_digits(column: Any) -> Any:
    """A stored date (ISO text) as the integer YYYYMMDD, 0 for none (see :meth:`_Joined.days`)."""
    from sqlalchemy import Integer, String, func, type_coerce

    return func.coalesce(type_coerce(func.replace(type_coerce(column, String), "-", ""), Integer), 0)


def _key_order(keys: list[str]) -> np.ndarray | None:
    """None when ``keys`` are sorted (SQLite returns them so), else the rows in key order."""
    if all(map(operator.le, keys, keys[1:])):
        return None
    return np.argsort(np.array(keys, dtype=str), kind="stable")


def _joined_columns(conn: Any, rows: Any) -> _Joined:
    """The columns of the subquery ``rows``, each aggregated into one text in one scan.

    A million rows fetched as tuples are tens of millions of Python objects (most of the time
    and memory of a large recommend); one text per column is parsed by NumPy in C. Every
    aggregate reads the rows in the same order, so the columns stay aligned; NULLs must be
    coalesced by the caller (an aggregate would skip them).
    """
    from sqlalchemy import String, func, select, type_coerce

    aggregates = [
        func.aggregate_strings(type_coerce(c, String), "" if c.name in FIXED_WIDTH else SEPARATOR)
        for c in rows.c
    ]
    row = conn.execute(select(func.count(), *aggregates).select_from(rows)).one()
    count, *texts = row
    return _Joined({c.name: text or "" for c, text in zip(rows.c, texts, strict=True)}, int(count))


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
    from sqlalchemy import Integer, String, and_, case, exists, func, or_, select, type_coerce

    from tracker.catalog import topics
    from tracker.catalog.ended import not_ended_clause
    from tracker.models import catalog_tables as tables

    # The tables' columns, not mapped classes: no mapper is configured for these reads.
    e, d, fee_table, series_topic = tables.edition.c, tables.deadline.c, tables.fee, tables.series_topic.c

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

    def among_candidates(edition_id: Any) -> Any:
        # Correlated: one lookup of the edition per row of a table of few rows (fees,
        # early-bird deadlines), not a list of every candidate's id built first.
        return exists().where(e.id == edition_id, where)

    # A workshop is held where its parent conference is, when it names no place of its own.
    parent_place = and_(e.latitude.is_(None), p.latitude.is_not(None), p.longitude.is_not(None))

    def placed(own: Any, parents: Any) -> Any:
        return case((parent_place, parents), else_=own)

    editions = (
        select(
            e.id, e.series_id, e.year,
            # Estimated, workshop and the mode in one small integer: one column less to join
            # and parse per flag.
            (
                case({name: code for code, name in enumerate(MODE_NAMES)}, value=e.mode) * 4
                + type_coerce(e.kind == "workshop", Integer) * 2
                + type_coerce(e.estimated, Integer)
            ).label("flags"),
            func.coalesce(p.series_id, -1).label("parent_series"),
            _date_digits(e.start_date).label("start"),
            _date_digits(e.end_date).label("end"),
            func.coalesce(placed(e.latitude, p.latitude), "nan").label("latitude"),
            func.coalesce(placed(e.longitude, p.longitude), "nan").label("longitude"),
            # Two characters each, so that the column is one fixed-width NumPy array.
            func.substr(func.coalesce(placed(e.country, p.country), "") + "  ", 1, 2).label("country"),
            func.coalesce(placed(e.city, p.city), "").label("city"),
            e.key,
        )
        .outerjoin(parent, p.id == e.parent_id)
        .where(where)
        # In key order: SQLite reads the rows along the key's unique index, with no sort and
        # no window over a million rows (see _key_order for an engine that does not keep it).
        .order_by(e.key)
        .subquery()
    )  # fmt: skip
    col = _joined_columns(conn, editions)
    keys = col.texts("key")
    in_key_order = _key_order(keys)
    n = len(keys)

    def numbers(name: str) -> np.ndarray:
        values = col.numbers(name)
        return values if in_key_order is None else values[in_key_order]

    def integers(name: str) -> np.ndarray:
        values = col.integers(name)
        return values if in_key_order is None else values[in_key_order]

    def texts(name: str) -> list[str]:
        values = col.texts(name)
        return values if in_key_order is None else [values[i] for i in in_key_order.tolist()]

    ids, series_ids = integers("id"), integers("series_id")
    parent_sid = integers("parent_series")  # -1: not at a parent edition
    start_day, end_day = col.days("start"), col.days("end")
    lat, lon = numbers("latitude"), numbers("longitude")
    flags = integers("flags")
    modes = (flags >> 2).astype(np.int8)
    estimated = (flags & 1).astype(bool)
    workshop = (flags & 2) != 0
    kinds = np.array(["conference", "workshop"], dtype=object)[workshop.astype(np.int8)]  # two strings
    countries = np.ascontiguousarray(np.char.strip(col.fixed("country", 2)))
    if in_key_order is not None:
        start_day, end_day = start_day[in_key_order], end_day[in_key_order]
        countries = countries[in_key_order]
        keys = texts("key")
    # Cities: the distinct names once, and each edition's index among them.
    city_names, city_index = _factorize(texts("city"))
    city_of = np.array([c or None for c in city_names], dtype=object)[city_index]
    unplaced = np.isnan(lat) & (modes != MODE_NAMES.index("virtual"))
    past = _past_places(conn, series_ids, unplaced)
    country_names, country_index = _unique_codes(countries)
    continent_names = np.array([costs.continent(c) or "" for c in country_names], dtype="U2")
    continents = continent_names[country_index]
    # What is per series (what a row shows, the stored quality composite), read once per
    # series (every series: a filter by the candidates would run their query again, and the
    # series are a tenth of the editions), then indexed per edition.
    series = _series_columns(conn)
    at_series = np.searchsorted(series.ids, series_ids)
    series_keys = series.keys[at_series]
    acronyms = series.acronyms[at_series]
    names_of_series = series.names.tolist()
    quality = series.quality[at_series]  # the stored composite's mean (NaN: nothing known)
    confidence = series.confidence[at_series]
    series_list = np.unique(series_ids)
    years = integers("year")

    # Topics: a series x vocabulary matrix, indexed per edition; a workshop series without
    # topics of its own takes its parent edition's.
    vocabulary = list(topics.vocabulary())
    column_of = {k: v for v, k in enumerate(vocabulary)}
    all_series = np.union1d(series_list, parent_sid[parent_sid >= 0])
    matrix = np.zeros((len(all_series), len(vocabulary)), dtype=bool)
    pairs = _fetch(conn, select(series_topic.series_id, series_topic.topic))
    if pairs:
        sid = np.array([pair[0] for pair in pairs], dtype=np.int64)
        at = np.array([column_of.get(pair[1], -1) for pair in pairs], dtype=np.int64)
        pos = np.clip(np.searchsorted(all_series, sid), 0, max(len(all_series) - 1, 0))
        ok = (at >= 0) & (len(all_series) > 0)
        ok[ok] = all_series[pos[ok]] == sid[ok]
        matrix[pos[ok], at[ok]] = True
    topic_rows = (
        matrix[np.searchsorted(all_series, series_ids)] if n else np.zeros((0, len(vocabulary)), bool)
    )
    # What each series' own name says it is about (one look per distinct name).
    name_list, name_index = _factorize(names_of_series)
    named_rows = np.zeros((len(name_list), len(vocabulary)), dtype=bool)
    for row, named_keys in enumerate(topics.named_in(str(name) for name in name_list)):
        for key in named_keys:
            if key in column_of:
                named_rows[row, column_of[key]] = True
    named = named_rows[name_index][at_series] if n else np.zeros((0, len(vocabulary)), bool)
    inherit = ~topic_rows.any(axis=1) & (parent_sid >= 0)
    if inherit.any():
        topic_rows[inherit] = matrix[np.searchsorted(all_series, parent_sid[inherit])]

    # Paper deadlines, aggregated in SQL: the next one ahead, and whether there were any. Of
    # every edition (most are candidates; the others are left out here, by id).
    raw_at = type_coerce(d.at_utc, String)
    paper_next = np.full(n, np.nan)
    paper_any = np.zeros(n, dtype=bool)
    papers = _joined_columns(
        conn,
        select(
            d.edition_id,
            func.coalesce(type_coerce(func.min(case((d.at_utc >= now, d.at_utc))), String), "NaT").label(
                "next_at"
            ),
        )
        .where(d.type == "paper")
        .group_by(d.edition_id)
        .subquery(),
    )
    if papers.count:
        at_rows, found = rows_found(ids, papers.integers("edition_id"))
        paper_any[at_rows] = True
        paper_next[at_rows] = _instant_texts(papers.texts("next_at"))[found]
    paper_passed = paper_any & np.isnan(paper_next)

    # Early-bird registration: open when a known "early" registration deadline is ahead.
    early_state = np.zeros(n, dtype=np.int8)  # 0 unknown, 1 open, -1 closed
    early_rows = _fetch(
        conn,
        select(d.edition_id, raw_at).where(
            among_candidates(d.edition_id),
            d.type == "registration",
            func.lower(d.label).like("%early%"),
        ),
    )
    row_of = _row_lookup(ids, [edition_id for edition_id, _ in early_rows])
    for edition_id, at in early_rows:
        r = row_of[edition_id]
        is_open = _instant_numbers([at])[0] >= _instant_day(now)
        early_state[r] = 1 if is_open or early_state[r] == 1 else -1

    # Registration: a known fee from the catalog, else the fee model.
    model = costs.fee_model()
    today_day = float(today.toordinal() - EPOCH)
    lead = np.nan_to_num(start_day - today_day, nan=0.0)
    early_open = np.where(early_state == 0, lead > model.early_window_days, early_state > 0)
    registration = costs.estimated_registration(quality, workshop, continents, early_open, student=student)
    known = np.zeros(n, dtype=bool)
    rates, register_on = currencies(), costs.registration_instant(now)
    choices: dict[int, costs.FeeChoice] = {}
    # Correlated to each fee row (see among_candidates).
    fees = costs.known_fees(conn, select(e.id).where(e.id == fee_table.c.edition_id, where).scalar_subquery())
    row_of = _row_lookup(ids, list(fees))
    for edition_id, edition_fees in fees.items():
        r = row_of[edition_id]
        early = bool(early_open[r])  # the model's guess, for an early rate whose end is not known
        chosen = costs.choose_known_fee(
            edition_fees, student=student, register_on=register_on, early_open=early
        )
        if chosen is not None:
            registration[r] = rates.to_eur(chosen.paid.amount, chosen.paid.currency)
            known[r] = True
            choices[edition_id] = chosen
    # A society's add-on is paid on top of any fee, estimated or known (ACL membership).
    addons = costs.addons_eur(series.keys.astype(str), student=student, mode=mode)  # per series
    registration = registration + addons[at_series]

    nights = _night_costs(city_names, city_index, country_names, continent_names, country_index)
    track_parents = _track_parents(series.acronyms, at_series, years)
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
        keys=keys,
        acronyms=acronyms,
        series_keys=series_keys,
        years=years,
        names=series.names[at_series],
        kinds=kinds,
        countries=countries,
        continents=continents,
        cities=city_of,
        features=features,
        vocabulary=vocabulary,
        registration_known=known,
        parent_rows=track_parents,
        past_countries=past.countries,
        past_continents=past.continents,
        fee_choices=choices,
        country_names=country_names,
        country_continents=continent_names,
        country_index=country_index,
    )


@dataclass(frozen=True)
class _Series:
    """Every series' columns, in id order (the quality composite as the text SQLite writes it)."""

    ids: np.ndarray
    keys: np.ndarray  # object
    acronyms: np.ndarray  # object
    names: np.ndarray  # object
    quality: np.ndarray  # the composite's mean, NaN: nothing known
    confidence: np.ndarray


def _series_columns(conn: Any) -> _Series:
    from sqlalchemy import String, cast, select

    from tracker.models.catalog_tables import series

    s = series.c
    rows = _fetch(
        conn,
        select(
            s.id, s.key, s.acronym, s.name,
            # As text: the figures the per-edition columns carried before (SQLite's 15 digits).
            cast(s.quality_mean, String), cast(s.quality_confidence, String),
        ).order_by(s.id),
    )  # fmt: skip
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 6

    def reals(values: tuple[Any, ...]) -> np.ndarray:
        return np.array(["nan" if v is None else v for v in values], dtype=float)

    return _Series(
        ids=np.array(columns[0], dtype=np.int64),
        keys=np.array(columns[1], dtype=object),
        acronyms=np.array(columns[2], dtype=object),
        names=np.array(columns[3], dtype=object),
        quality=reals(columns[4]),
        confidence=reals(columns[5]),
    )


def _distinct(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of codes in ``[0, size)``: a table of the codes
    present instead of a sort, when the table is not much larger than the codes."""
    if size > 4 * len(codes):
        distinct, inverse = np.unique(codes, return_inverse=True)
        return distinct, inverse.reshape(-1)
    present = np.zeros(size, dtype=bool)
    present[codes] = True
    return np.flatnonzero(present), (np.cumsum(present) - 1)[codes]


def _night_costs(
    city_names: list[str], city_index: np.ndarray, country_names: np.ndarray,
    continent_names: np.ndarray, country_index: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """The night cost of every edition, looked up once per distinct (city, country)."""
    if not len(city_index):
        return np.zeros(0)
    pair = city_index * len(country_names) + country_index
    distinct, inverse = _distinct(pair, len(city_names) * len(country_names))
    cities = np.array([c or None for c in city_names], dtype=object)[distinct // len(country_names)]
    at_country = distinct % len(country_names)
    per_pair = costs.night_costs(cities, country_names[at_country], continent_names[at_country])
    return per_pair[inverse]


def _track_parents(acronyms: np.ndarray, at_series: np.ndarray, years: np.ndarray) -> np.ndarray:
    """:func:`tracks.parent_rows` of every edition, looking only at the editions of series
    that are tracks or may be a track's parent (a large catalog has few of either)."""
    from tracker.text import fold

    out = np.full(len(at_series), -1, dtype=np.int64)
    if not len(at_series):
        return out
    used = np.unique(at_series)
    # A track's acronym has a parenthesis: the pattern is matched only where there is one.
    track_parts = {s: t for s in used.tolist() if "(" in (a := acronyms[s]) and (t := tracks.track_of(a))}
    parents = {fold(t[0]) for t in track_parts.values()}
    if not parents:
        return out
    involved = np.zeros(len(acronyms), dtype=bool)
    for s in used.tolist():
        involved[s] = s in track_parts or fold(acronyms[s]) in parents
    rows = np.flatnonzero(involved[at_series])
    found = tracks.parent_rows(acronyms[at_series[rows]].tolist(), years[rows].tolist())
    out[rows] = np.where(found >= 0, rows[np.maximum(found, 0)], -1)
    return out


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
    from sqlalchemy import and_, func, select

    from tracker.models.catalog_tables import edition

    e = edition.c
    wanted = np.unique(series_ids[unplaced])
    announced = and_(e.latitude.is_not(None), e.longitude.is_not(None), e.estimated.is_(False))
    # A place is its coordinates, numbered in their order; its country and city are those
    # of its first edition. Counted in SQL in one pass: one row per series and place.
    visits = _Joined({}, 0)
    if len(wanted):
        visits = _joined_columns(
            conn,
            select(
                e.series_id, e.latitude, e.longitude, func.count().label("editions"),
                func.min(e.id).label("first"),
            )
            .where(announced)
            .group_by(e.series_id, e.latitude, e.longitude)
            .subquery(),
        )  # fmt: skip
    sid = visits.integers("series_id")
    # The places in (latitude, longitude) order: complex numbers sort by their real part,
    # then their imaginary one.
    coordinates = np.empty(visits.count, dtype=complex)
    coordinates.real, coordinates.imag = visits.numbers("latitude"), visits.numbers("longitude")
    _, place_of = np.unique(coordinates, return_inverse=True)
    place_of = place_of.reshape(-1)
    editions = visits.integers("editions").astype(float)
    firsts = np.full(int(place_of.max()) + 1 if len(place_of) else 0, np.iinfo(np.int64).max)
    np.minimum.at(firsts, place_of, visits.integers("first"))
    # The coordinates as stored (not as the text above rounds them), and the first edition's
    # country and city; in pieces, below SQLite's limit of bound parameters.
    first_rows: dict[int, tuple[Any, ...]] = {}
    for at in range(0, len(firsts), PLACES_PER_QUERY):
        piece = firsts[at : at + PLACES_PER_QUERY].tolist()
        for row in _fetch(
            conn, select(e.id, e.latitude, e.longitude, e.country, e.city).where(e.id.in_(piece))
        ):
            first_rows[row[0]] = tuple(row[1:])
    places: list[tuple[float, float, str, str]] = [
        (la, lo, country or "", city or "")
        for la, lo, country, city in (first_rows[i] for i in firsts.tolist())
    ]
    # One history per wanted series that has one, and a last one for the whole catalog.
    own = np.intersect1d(wanted, sid)
    # Counted by one bincount over (history, place) cells: the rows are (series, place) pairs,
    # each once, and the last history adds up every series.
    size = (len(own) + 1) * len(places)
    history_of = np.searchsorted(own, sid)
    mine = history_of < len(own)
    mine[mine] = own[history_of[mine]] == sid[mine]
    cells = np.concatenate([history_of[mine] * len(places), np.full(len(place_of), len(own) * len(places))])
    cells += np.concatenate([place_of[mine], place_of])
    counts = np.bincount(cells, np.concatenate([editions[mine], editions]), minlength=size)
    counts = counts.astype(float, copy=False).reshape(len(own) + 1, len(places))  # (int when empty)
    total = counts.sum(axis=1, keepdims=True)
    # In place: at a million editions this is 100,000 histories x 200 places.
    weights = np.divide(counts, total, out=counts, where=total > 0)
    position = np.clip(np.searchsorted(own, series_ids), 0, max(len(own) - 1, 0))
    has_own = (own[position] == series_ids) if len(own) else np.zeros(len(series_ids), dtype=bool)
    history = np.where(has_own, position, len(own))
    history = np.where(unplaced & (total[-1, 0] > 0), history, -1)
    countries = np.array([p[2] for p in places], dtype="U2") if places else np.zeros(0, dtype="U2")
    continents = np.array([costs.continent(c) or "" for c in countries], dtype="U2")
    cities = np.array([p[3] or None for p in places], dtype=object)
    place_nights = costs.night_costs(cities, countries, continents) if places else np.zeros(0)
    expected_nights = row_means(weights, place_nights)
    return _Past(
        history=history,
        weights=weights,
        latitude=np.array([p[0] for p in places], dtype=float),
        longitude=np.array([p[1] for p in places], dtype=float),
        countries=countries,
        continents=continents,
        night_cost=np.where(history >= 0, expected_nights[np.maximum(history, 0)], np.nan),
    )


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
