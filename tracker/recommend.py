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
    titles: list[str]
    names: list[str]
    kinds: np.ndarray
    series_ids: np.ndarray
    starts: list[date | None]
    ends: list[date | None]
    cities: np.ndarray
    countries: np.ndarray
    features: EditionFeatures
    vocabulary: list[str]
    registration_known: np.ndarray
    next_deadline: list[tuple[datetime, str, bool] | None]


def _day(value: date | None) -> float:
    return float(value.toordinal() - EPOCH) if value else float("nan")


def rows_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row of each id in ``wanted`` within ``ids`` (unsorted, unique; every id present)."""
    order = np.argsort(ids, kind="stable")
    return order[np.searchsorted(ids[order], wanted)]


def _instant_day(value: datetime) -> float:
    return value.timestamp() / 86_400.0


def load_candidates(
    session: Session,
    *,
    now: datetime,
    student: bool,
    kind: str | None = None,
    topic_keys: list[str] | None = None,
    include_id: int | None = None,
) -> Candidates:
    """Editions not ended by today (plus ``include_id``), as arrays, in a fixed number of queries."""
    from sqlalchemy import and_, exists, or_, select

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
    rows = session.execute(
        select(
            e.id, e.key, e.series_id, e.year, e.kind, e.parent_id, e.start_date, e.end_date, e.city,
            e.country, e.latitude, e.longitude, e.mode, e.estimated, Series.acronym, Series.name,
        )
        .join(Series, Series.id == e.series_id)
        .where(where)
        .order_by(e.key)
    ).all()  # fmt: skip
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 16
    ids = np.array(columns[0], dtype=np.int64)
    series_ids = np.array(columns[2], dtype=np.int64)
    kinds = np.array(columns[4], dtype=object)
    parent_ids = np.array([p if p is not None else -1 for p in columns[5]], dtype=np.int64)
    starts, ends = list(columns[6]), list(columns[7])
    cities = np.array(columns[8], dtype=object)
    countries = np.array(columns[9], dtype=object)
    lat = np.array([np.nan if v is None else v for v in columns[10]], dtype=float)
    lon = np.array([np.nan if v is None else v for v in columns[11]], dtype=float)
    modes = np.array([MODE_NAMES.index(m) for m in columns[12]], dtype=np.int8)
    estimated = np.array(columns[13], dtype=bool)
    titles = [f"{acronym} {year}" for acronym, year in zip(columns[14], columns[3], strict=True)]
    candidate_ids = select(e.id).where(where).scalar_subquery()

    # Topics: a series x vocabulary matrix, indexed per edition; a workshop series without
    # topics of its own takes its parent edition's.
    vocabulary = list(topics.vocabulary())
    column_of = {k: v for v, k in enumerate(vocabulary)}
    series_list, series_index = np.unique(series_ids, return_inverse=True)
    parent_series = dict(
        session.execute(select(e.id, e.series_id).where(e.id.in_(select(e.parent_id).where(where)))).all()
    )
    all_series = np.union1d(series_list, np.array(list(parent_series.values()), dtype=np.int64))
    matrix = np.zeros((len(all_series), len(vocabulary)), dtype=bool)
    pairs = session.execute(select(SeriesTopic.series_id, SeriesTopic.topic)).all()
    if pairs:
        sid = np.array([p[0] for p in pairs], dtype=np.int64)
        col = np.array([column_of.get(p[1], -1) for p in pairs], dtype=np.int64)
        pos = np.searchsorted(all_series, sid)
        ok = (col >= 0) & (pos < len(all_series))
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
    q_score = {sid: q.score for sid, q in qualities.items()}
    q_conf = {sid: q.confidence for sid, q in qualities.items()}
    quality = np.array([q_score.get(int(s)) for s in series_list], dtype=float)[series_index.reshape(-1)]
    confidence = np.array([q_conf.get(int(s), 0.0) for s in series_list], dtype=float)[
        series_index.reshape(-1)
    ]

    # Deadlines: next paper deadline, whether all paper deadlines passed, the next of any
    # type (for the table), early-bird registration status.
    now_day = _instant_day(now)
    paper_next = np.full(n, np.nan)
    paper_passed = np.zeros(n, dtype=bool)
    early_state = np.zeros(n, dtype=np.int8)  # 0 unknown, 1 open, -1 closed
    next_deadline: list[tuple[datetime, str, bool] | None] = [None] * n
    drows = session.execute(
        select(Deadline.edition_id, Deadline.type, Deadline.label, Deadline.at_utc, Deadline.estimated)
        .where(Deadline.edition_id.in_(candidate_ids))
        .order_by(Deadline.edition_id, Deadline.at_utc)
    ).all()
    if drows:
        row_of = rows_of(ids, np.array([d[0] for d in drows], dtype=np.int64))
        at = np.array([_instant_day(d[3]) for d in drows])
        kind_arr = np.array([d[1] for d in drows], dtype=object)
        future = at >= now_day
        paper = kind_arr == "paper"
        ahead = paper & future
        np.fmin.at(paper_next, row_of[ahead], at[ahead])
        np.logical_or.at(paper_passed, row_of[paper], True)
        early = (kind_arr == "registration") & np.array(["early" in (d[2] or "").lower() for d in drows])
        early_state[row_of[early & ~future]] = -1
        early_state[row_of[early & future]] = 1  # an open one wins over a closed earlier round
        shown = future & (kind_arr != "notification")
        # Rows are ordered by edition then time: the first future row per edition is its next.
        first_rows, first_at = np.unique(row_of[shown], return_index=True)
        for r, j in zip(first_rows, np.flatnonzero(shown)[first_at], strict=True):
            d = drows[j]
            next_deadline[int(r)] = (d[3], d[1], bool(d[4]) or bool(estimated[r]))
    paper_passed &= np.isnan(paper_next)

    # Registration: a known fee from the catalog, else the fee model.
    model = costs.fee_model()
    start_day = np.array([_day(s) for s in starts])
    end_day = np.array([_day(s) for s in ends])
    today_day = float(today.toordinal() - EPOCH)
    early_open = np.where(
        early_state == 0,
        np.nan_to_num(start_day - today_day, nan=0.0) > model.early_window_days,
        early_state > 0,
    )
    continents = np.array([costs.continent(c) for c in countries], dtype=object) if n else np.zeros(0, object)
    registration = costs.estimated_registration(
        quality, kinds == "workshop", continents, early_open, student=student
    )
    known = np.zeros(n, dtype=bool)
    fees: dict[int, list[costs.KnownFee]] = {}
    for edition_id, category, is_early, amount, currency, source in session.execute(
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
        night_cost=costs.night_costs(cities, countries, continents),
    )
    return Candidates(
        ids=ids,
        keys=list(columns[1]),
        titles=titles,
        names=list(columns[15]),
        kinds=kinds,
        series_ids=series_ids,
        starts=starts,
        ends=ends,
        cities=cities,
        countries=countries,
        features=features,
        vocabulary=vocabulary,
        registration_known=known,
        next_deadline=next_deadline,
    )


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
    countries = np.array(["" if c is None else str(c) for c in candidates.countries], dtype=str)
    continents = np.array([costs.continent(c) or "" for c in countries], dtype=object).astype(str)
    country_codes, country_idx = np.unique(np.append(countries, home.country), return_inverse=True)
    region_codes, region_idx = np.unique(
        np.append(continents, costs.continent(home.country) or ""), return_inverse=True
    )
    country_idx = np.where(np.append(countries, home.country) == "", -1, country_idx.reshape(-1))
    region_idx = np.where(np.append(continents, "x") == "", -1, region_idx.reshape(-1))
    edition_features = replace(candidates.features, country=country_idx[:-1], region=region_idx[:-1])
    del country_codes, region_codes
    rate = costs.currencies().rate(profile.currency)
    today = float(now.date().toordinal() - EPOCH)
    person = PersonFeatures(
        latitude=home.latitude,
        longitude=home.longitude,
        country=int(country_idx[-1]),
        region=int(region_idx[-1]),
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


# --- the walk -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scored:
    candidates: Candidates
    features: EditionFeatures
    person: PersonFeatures
    model: ModelParams
    ranking: Ranking
    money: Money


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
    empty = np.zeros(0, dtype=object)
    return Candidates(
        n0.astype(int),
        [],
        [],
        [],
        empty,
        n0.astype(int),
        [],
        [],
        empty,
        empty,
        features,
        [],
        n0.astype(bool),
        [],
    )


def _recommendation(s: _Scored, row: int, rank: int, profile: Profile, *, explained: bool) -> Recommendation:
    c, ev, ranking = s.candidates, s.ranking.evaluation, s.ranking
    distance = float(ev.distance_km[row])
    deadline = c.next_deadline[row]
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
        title=c.titles[row],
        name=c.names[row],
        kind=str(c.kinds[row]),
        start_date=c.starts[row],
        end_date=c.ends[row],
        estimated=bool(s.features.estimated[row]),
        city=c.cities[row],
        country=c.countries[row],
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
        Dropped(s.candidates.keys[r], s.candidates.titles[r], drop_reason(ranking, s.person, int(r)) or "")
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
    rec = _recommendation(s, row, rank, profile, explained=True)
    return Why(rec, kept=rank > 0, reason=drop_reason(s.ranking, s.person, row), out_of=len(order))


def now_utc() -> datetime:
    from tracker import clock

    return clock.now().astimezone(UTC)
