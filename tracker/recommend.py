"""``tracker recommend``: a profile and the catalog in, ranked editions with explanations out.

The walk: the profile (saved, with this call's options on top) -> the candidate
editions (not ended, by kind and topic) read as plain columns -> feature arrays
(:mod:`tracker.scoring.features`) -> the vectorised scores and ranking
(:mod:`tracker.scoring`) -> :class:`Recommendation` values with each criterion
explained (:mod:`tracker.scoring.explain`).

Candidates are read with a fixed number of column queries (no ORM objects, no query
per edition), because the ranking must stay fast on a catalog of 100,000 editions.
Known fees come from the catalog's ``fee`` table only (see :mod:`tracker.costs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker import config
from tracker.errors import TrackerError
from tracker.profile import Profile
from tracker.scoring import CRITERIA, Drop, EditionFeatures, ModelParams, PersonFeatures, Ranking, score
from tracker.scoring.explain import CriterionExplanation, Money, drop_reason, explain
from tracker.scoring.features import MODE_NAMES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EPOCH = date(1970, 1, 1).toordinal()
DROPPED_LISTED = 200  # at most this many dropped editions are itemised (all are counted)


# --- documented parameters (data/recommend/) ------------------------------------------------


@lru_cache(maxsize=4)
def _weights_file(data_dir: Path) -> dict[str, Any]:
    import yaml

    text = (data_dir / "recommend" / "weights.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def default_weights() -> dict[str, float]:
    """The documented default weight of each criterion (data/recommend/weights.yml)."""
    raw = _weights_file(config.data_dir())["weights"]
    return {name: float(raw[name]) for name in CRITERIA}


def model_params() -> ModelParams:
    """The scoring constants from weights.yml, travel_model.yml and fee_model.yml."""
    from tracker.costs import fee_model, travel_model

    w = _weights_file(config.data_dir())
    t = travel_model()
    return ModelParams(
        quality_prior=float(w["quality"]["prior"]),
        estimated_discount=float(w["time"]["estimated_discount"]),
        no_deadline_factor=float(w["time"]["no_deadline_factor"]),
        location_tau_hours=float(w["location"]["tau_hours"]),
        same_country_bonus=float(w["location"]["same_country_bonus"]),
        same_region_bonus=float(w["location"]["same_region_bonus"]),
        virtual_credit=float(w["location"]["virtual_credit"]),
        unknown_distance_km=float(w["location"]["unknown_distance_km"]),
        over_budget_steepness=float(w["cost"]["over_budget_steepness"]),
        cost_reference=float(w["cost"]["reference_eur"]),
        virtual_fee_factor=fee_model().virtual_factor,
        **{name: t[name] for name in _TRAVEL_NAMES},
    )


_TRAVEL_NAMES = (
    "ground_speed_kmh",
    "ground_overhead_h",
    "road_factor",
    "flight_speed_kmh",
    "flight_overhead_h",
    "ground_cost_per_km",
    "flight_base",
    "commute_km",
)


def topic_credit(vocabulary: list[str], interests: tuple[str, ...]) -> np.ndarray:
    """(V, I) credit that vocabulary topic v earns interest i: same, narrower, parent, ancestor, sibling."""
    from tracker.catalog import topics

    credits = _weights_file(config.data_dir())["topic"]
    known = topics.all_topics()
    out = np.zeros((len(vocabulary), len(interests)))
    for i, interest in enumerate(interests):
        up = topics.ancestors(interest)
        parents = set(known[interest].parents)
        for v, key in enumerate(vocabulary):
            key_up = topics.ancestors(key)
            best = 0.0
            if key == interest:
                best = credits["same"]
            elif interest in key_up:
                best = credits["narrower"]
            elif key in parents:
                best = credits["parent"]
            elif key in up:
                best = credits["ancestor"]
            elif parents & set(known[key].parents):
                best = credits["sibling"]
            out[v, i] = best
    return out


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    limit: int = 10
    topic: str | None = None  # a topic key or name: that topic and narrower ones
    kind: str | None = None  # conference | workshop
    within_budget: bool = False


@dataclass(frozen=True)
class Recommendation:
    rank: int
    key: str
    title: str  # "ACL 2026"
    name: str
    kind: str
    start_date: date | None
    end_date: date | None
    estimated: bool
    city: str | None
    country: str | None
    mode: str
    distance_km: float | None
    travel_hours: float
    plan: str  # "in person" | "virtual"
    cost: float  # in ``currency``
    currency: str
    cost_estimated: bool  # travel and nights are always model estimates; registration may be known
    registration_known: bool
    next_deadline: datetime | None
    next_deadline_type: str | None
    next_deadline_estimated: bool
    total: float
    scores: dict[str, float]
    contributions: dict[str, float]
    explanation: list[CriterionExplanation] = field(default_factory=list)


@dataclass(frozen=True)
class Dropped:
    key: str
    title: str
    reason: str


@dataclass(frozen=True)
class RecommendResult:
    home: str
    interests: list[str]
    mode: str
    currency: str
    budget: float | None
    weights: dict[str, float]  # normalised
    candidates: int
    recommended: int  # kept after the rules, before --limit
    results: list[Recommendation]
    dropped_counts: dict[str, int]
    dropped: list[Dropped]
    notes: list[str]


@dataclass(frozen=True)
class Why:
    recommendation: Recommendation
    kept: bool
    reason: str | None  # why it is not recommended
    out_of: int


# --- candidates as columns ------------------------------------------------------------------


@dataclass
class Candidates:
    """Plain columns of the candidate editions (row order = edition key order)."""

    ids: np.ndarray
    keys: list[str]
    acronyms: list[str]
    years: list[int]
    names: list[str]
    kinds: np.ndarray
    countries: np.ndarray  # ISO codes, "" unknown
    continents: np.ndarray  # geonames continent codes, "" unknown
    cities: list[str | None]
    features: EditionFeatures
    vocabulary: list[str]
    registration_known: np.ndarray

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


def _text(values: list[Any] | tuple[Any, ...]) -> np.ndarray:
    return np.array(["" if v is None else str(v) for v in values], dtype=str)


def load_candidates(
    session: Session,
    *,
    now: datetime,
    student: bool,
    kind: str | None = None,
    topic_keys: list[str] | None = None,
    include_id: int | None = None,
) -> Candidates:
    """Editions not ended by today (plus ``include_id``), as arrays, in a fixed number of queries.

    Queries run on the connection (no ORM rows) and dates come back as the database's
    own text where it stores text (SQLite), parsed by NumPy in one call per column.
    """
    from sqlalchemy import String, and_, case, exists, func, or_, select, type_coerce

    from tracker import costs
    from tracker.catalog import topics
    from tracker.catalog.quality import quality_for_series
    from tracker.models.catalog import Deadline, Edition, Fee, Series, SeriesTopic

    today = now.date()
    not_ended = or_(
        Edition.end_date >= today,
        and_(Edition.end_date.is_(None), Edition.start_date >= today),
        and_(Edition.end_date.is_(None), Edition.start_date.is_(None), Edition.year >= today.year),
    )
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
            Series.acronym, Series.name,
        )
        .join(Series, Series.id == e.series_id)
        .where(where)
        .order_by(e.key)
    )  # fmt: skip
    n = len(rows)
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [()] * 16
    ids = np.array(columns[0], dtype=np.int64)
    series_ids = np.array(columns[2], dtype=np.int64)
    kinds = np.array(columns[4], dtype=object)
    parent_ids = np.array([-1 if p is None else p for p in columns[5]], dtype=np.int64)
    start_day, end_day = _day_numbers(columns[6]), _day_numbers(columns[7])
    lat = np.array([np.nan if v is None else v for v in columns[10]], dtype=float)
    lon = np.array([np.nan if v is None else v for v in columns[11]], dtype=float)
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
    mode_names, mode_index = np.unique(_text(columns[12]), return_inverse=True)
    modes = np.array([MODE_NAMES.index(m) for m in mode_names], dtype=np.int8)[mode_index.reshape(-1)]
    estimated = np.array(columns[13], dtype=bool)
    countries = _text(country_values)
    continent_names, continent_index = np.unique(countries, return_inverse=True)
    continents = np.array([costs.continent(c) or "" for c in continent_names], dtype=str)[
        continent_index.reshape(-1)
    ]
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
    fees: dict[int, list[costs.KnownFee]] = {}
    for edition_id, category, is_early, amount, currency, source in conn.execute(
        select(Fee.edition_id, Fee.category, Fee.early, Fee.amount, Fee.currency, Fee.source).where(
            Fee.edition_id.in_(candidate_ids)
        )
    ):
        fees.setdefault(edition_id, []).append(costs.KnownFee(category, is_early, amount, currency, source))
    rates = costs.currencies()
    for edition_id, edition_fees in fees.items():
        r = int(rows_of(ids, np.array([edition_id]))[0])
        chosen = costs.choose_known_fee(edition_fees, student=student, early_open=bool(early_open[r]))
        if chosen is not None:
            registration[r] = rates.to_eur(chosen.amount, chosen.currency)
            known[r] = True

    features = EditionFeatures(
        topics=topic_rows,
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
        night_cost=costs.night_costs(np.array(cities, dtype=object), countries, continents),
    )
    return Candidates(
        ids=ids,
        keys=list(columns[1]),
        acronyms=list(columns[14]),
        years=list(columns[3]),
        names=list(columns[15]),
        kinds=kinds,
        countries=countries,
        continents=continents,
        cities=cities,
        features=features,
        vocabulary=vocabulary,
        registration_known=known,
    )


def _score_of(quality: Any) -> float:
    return float("nan") if quality is None or quality.score is None else float(quality.score)


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


def person_features(
    profile: Profile, candidates: Candidates, now: datetime
) -> tuple[PersonFeatures, EditionFeatures]:
    """The person as numbers, and the editions' country/continent coded against the home."""
    from dataclasses import replace

    from tracker import costs

    home = profile.home
    if home is None:
        raise TrackerError(
            "no home city: pass --home CITY (for example --home Berlin), "
            "or save one with: tracker profile set --home CITY"
        )
    countries, continents = candidates.countries, candidates.continents
    home_continent = costs.continent(home.country) or ""
    # Integer codes shared by the editions and the home (-1: unknown), so that "same
    # country" is one vectorised comparison.
    country_codes = {c: i for i, c in enumerate(np.unique(np.append(countries, home.country)))}
    region_codes = {c: i for i, c in enumerate(np.unique(np.append(continents, home_continent)))}
    country_codes[""] = region_codes[""] = -1
    edition_features = replace(
        candidates.features,
        country=_codes(countries, country_codes),
        region=_codes(continents, region_codes),
    )
    rate = costs.currencies().rate(profile.currency)
    today = float(now.date().toordinal() - EPOCH)
    person = PersonFeatures(
        latitude=home.latitude,
        longitude=home.longitude,
        country=country_codes[home.country],
        region=region_codes[home_continent],
        interest_credit=topic_credit(candidates.vocabulary, profile.interests),
        today=today,
        budget=profile.budget / rate if profile.budget else float("nan"),
        window_start=_day(profile.available_from),
        window_end=_day(profile.available_to),
        submit=profile.mode == "submit",
        prep_days=float(profile.prep_days),
        virtual_ok=profile.virtual_ok,
        now=_instant_day(now),
    )
    return person, edition_features


def _codes(values: np.ndarray, codes: dict[str, int]) -> np.ndarray:
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([codes[v] for v in distinct], dtype=np.int64)[inverse.reshape(-1)]


# --- the walk -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scored:
    candidates: Candidates
    features: EditionFeatures
    person: PersonFeatures
    model: ModelParams
    ranking: Ranking
    money: Money
    deadlines: dict[int, tuple[datetime, str, bool]] = field(default_factory=dict)  # of the shown rows


def _score(
    session: Session, profile: Profile, options: Options, now: datetime, include_id: int | None = None
) -> _Scored:
    from tracker import costs
    from tracker.catalog.queries import parse_kind, topic_keys

    if profile.home is None:
        person_features(profile, _empty(), now)  # raises the "no home" error before any work
    kind = parse_kind(options.kind) if options.kind else None
    keys = topic_keys(options.topic) if options.topic else None
    candidates = load_candidates(
        session, now=now, student=profile.student, kind=kind, topic_keys=keys, include_id=include_id
    )
    person, features = person_features(profile, candidates, now)
    model = model_params()
    from tracker.profile import effective_weights

    ranking = score(features, person, model, effective_weights(profile), within_budget=options.within_budget)
    money = Money(profile.currency, costs.currencies().rate(profile.currency))
    return _Scored(candidates, features, person, model, ranking, money)


def _empty() -> Candidates:
    n0 = np.zeros(0)
    features = EditionFeatures(
        topics=np.zeros((0, 0), bool), quality=n0, quality_confidence=n0, start=n0, end=n0,
        estimated=n0.astype(bool), paper_deadline=n0, paper_deadline_passed=n0.astype(bool),
        latitude=n0, longitude=n0, country=n0.astype(int), region=n0.astype(int),
        mode=n0.astype(np.int8), registration=n0, night_cost=n0,
    )  # fmt: skip
    text = np.zeros(0, dtype=str)
    return Candidates(
        n0.astype(int), [], [], [], [], np.zeros(0, object), text, text, [], features, [], n0.astype(bool)
    )


def _recommendation(s: _Scored, row: int, rank: int, profile: Profile, *, explained: bool) -> Recommendation:
    c, ev, ranking = s.candidates, s.ranking.evaluation, s.ranking
    distance = float(ev.distance_km[row])
    deadline = s.deadlines.get(int(c.ids[row]))
    explanation = (
        explain(
            ranking, s.features, s.person, s.model, row,
            vocabulary=c.vocabulary, interests=profile.interests, money=s.money,
        )
        if explained
        else []
    )  # fmt: skip
    virtual = bool(ev.virtual_plan[row])
    return Recommendation(
        rank=rank,
        key=c.keys[row],
        title=c.title(row),
        name=c.names[row],
        kind=str(c.kinds[row]),
        start_date=c.day(s.features.start, row),
        end_date=c.day(s.features.end, row),
        estimated=bool(s.features.estimated[row]),
        city=c.cities[row],
        country=c.countries[row] or None,
        mode=MODE_NAMES[int(s.features.mode[row])],
        distance_km=None if np.isnan(distance) else round(distance, 1),
        travel_hours=round(float(ev.travel_hours[row]), 2),
        plan="virtual" if virtual else "in person",
        cost=round(float(ev.total_cost[row]) * s.money.rate, 2),
        currency=profile.currency,
        cost_estimated=not (virtual and bool(c.registration_known[row])),
        registration_known=bool(c.registration_known[row]),
        next_deadline=deadline[0] if deadline else None,
        next_deadline_type=deadline[1] if deadline else None,
        next_deadline_estimated=deadline[2] if deadline else False,
        # Full precision, so that the parts add up to the total exactly (tables round).
        total=float(ranking.total[row]),
        scores={k: float(v) for k, v in zip(CRITERIA, ev.scores[row], strict=True)},
        contributions={k: float(v) for k, v in zip(CRITERIA, ranking.contributions[row], strict=True)},
        explanation=explanation,
    )


def recommend(
    session: Session, profile: Profile, options: Options, *, now: datetime, explained: bool = False
) -> RecommendResult:
    """The best ``options.limit`` editions for ``profile``, ranked, with the dropped ones counted."""
    s = _score(session, profile, options, now)
    ranking = s.ranking
    shown = ranking.order[: max(options.limit, 0)]
    s.deadlines.update(next_deadlines(session, [int(s.candidates.ids[r]) for r in shown], now))
    results = [
        _recommendation(s, int(row), rank, profile, explained=explained)
        for rank, row in enumerate(shown, start=1)
    ]
    drop = ranking.evaluation.drop
    counts = {
        Drop(code).name.lower(): int(count) for code, count in enumerate(np.bincount(drop, minlength=8))
    }
    counts.pop("kept")
    # Itemise the interesting drops (not the merely past ones), best total first.
    listed = np.flatnonzero((drop != Drop.KEPT) & (drop != Drop.STARTED))
    listed = listed[np.argsort(-ranking.total[listed], kind="stable")][:DROPPED_LISTED]
    dropped = [
        Dropped(
            s.candidates.keys[r], s.candidates.title(int(r)), drop_reason(ranking, s.person, int(r)) or ""
        )
        for r in listed
    ]
    notes = ["costs marked ~ are estimates: travel, nights and (unless known) registration come from "
             "the documented models in data/recommend/"]  # fmt: skip
    if not profile.interests:
        notes.append("no interests given: every edition counts as on-topic (use --interests)")
    home = profile.home
    return RecommendResult(
        home=home.label() if home else "",
        interests=list(profile.interests),
        mode=profile.mode,
        currency=profile.currency,
        budget=profile.budget,
        weights={k: float(w) for k, w in zip(CRITERIA, ranking.weights, strict=True)},
        candidates=len(s.candidates.keys),
        recommended=len(ranking.order),
        results=results,
        dropped_counts={k: v for k, v in counts.items() if v},
        dropped=dropped,
        notes=notes,
    )


def why(session: Session, profile: Profile, key: str, options: Options, *, now: datetime) -> Why:
    """One edition explained in full: each criterion's inputs, formula and contribution."""
    from tracker.catalog.resolve import resolve_edition

    edition = resolve_edition(session, key)
    s = _score(session, profile, Options(within_budget=options.within_budget), now, include_id=edition.id)
    row = int(rows_of(s.candidates.ids, np.array([edition.id]))[0])
    order = s.ranking.order
    position = np.flatnonzero(order == row)
    rank = int(position[0]) + 1 if len(position) else 0
    s.deadlines.update(next_deadlines(session, [edition.id], now))
    rec = _recommendation(s, row, rank, profile, explained=True)
    return Why(rec, kept=rank > 0, reason=drop_reason(s.ranking, s.person, row), out_of=len(order))


def now_utc() -> datetime:
    from tracker import clock

    return clock.now().astimezone(UTC)
