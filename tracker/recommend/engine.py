"""The walk of ``tracker recommend``: profile -> candidates -> features -> scores -> results."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.errors import TrackerError
from tracker.i18n import N_, Message, _
from tracker.recommend import costs, visas
from tracker.recommend.candidates import Candidates, load_candidates, next_deadlines
from tracker.recommend.columns import EPOCH, day_number, instant_day, rows_of
from tracker.recommend.currencies import currencies
from tracker.recommend.model import model_params, topic_credit, topic_specificity
from tracker.recommend.profile import Profile, effective_weights
from tracker.recommend.scoring import (
    CRITERIA,
    Drop,
    EditionFeatures,
    ModelParams,
    PersonFeatures,
    Ranking,
    Summary,
    evaluate,
    rank,
    score_in_blocks,
    sets,
)
from tracker.recommend.scoring.compact import CompactFeatures
from tracker.recommend.scoring.explain import CriterionExplanation, Money, drop_reason, explain
from tracker.recommend.scoring.features import MODE_NAMES
from tracker.recommend.workshops import fold_into_parents, folded_notes, vetted_first, workshop_notes

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

DROPPED_LISTED = 200  # at most this many dropped editions are itemised (all are counted)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    limit: int = 10
    topic: str | None = None  # a topic key or name: that topic and narrower ones
    kind: str | None = None  # conference | workshop
    within_budget: bool = False
    show_all: bool = False  # also the off-topic editions (topic score below the threshold)


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
    # Lead time: whether the start leaves the days going there needs (registration, booking,
    # the visa), how many, and the last day to decide. Too close: listed, ranked last.
    reachable: bool = True
    lead_days: float | None = None  # None: no admission on any of the person's passports
    decide_by: date | None = None
    visa: visas.VisaInfo | None = None  # None: no passport given, or the data does not cover it
    # Place not announced: distance and cost are expected from where the series met before
    # (their means above), with their spread and the history's share per continent.
    place_expected: bool = False
    distance_range_km: tuple[float, float] | None = None
    cost_range: tuple[float, float] | None = None  # in ``currency``
    expected_regions: dict[str, float] | None = None  # continent code -> share of past editions
    tracks: list[str] = field(default_factory=list)  # keys of its tracks, folded into this row
    # Keys of its on-topic workshops, folded into this row (one trip); without --kind only.
    workshops: list[str] = field(default_factory=list)
    # The society's rules for this edition, with their sources (known_fees.yml: addons, policies).
    fee_notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Dropped:
    key: str
    title: str
    reason: str


@dataclass(frozen=True)
class RecommendResult:
    home: str
    interests: list[str]
    passports: list[str]  # the visas considered are those of these (none: not considered)
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
    passports: tuple[str, ...] = ()  # the person's, so that "visa not known" can be told from "not asked"


def person_features(
    profile: Profile, candidates: Candidates, now: datetime
) -> tuple[PersonFeatures, EditionFeatures]:
    """The person as numbers, and the editions' country/continent coded against the home
    (every row dense: see :func:`_person` for the compact features recommend scores)."""
    person, features = _person(profile, candidates, now)
    return person, features.dense() if isinstance(features, CompactFeatures) else features


def _person(
    profile: Profile, candidates: Candidates, now: datetime
) -> tuple[PersonFeatures, EditionFeatures | CompactFeatures]:
    """:func:`person_features`, the editions' features left as compact as they were read."""
    home = profile.home
    if home is None:
        raise TrackerError(
            _(
                "no home city: pass --home CITY (for example --home Berlin), "
                "or save one with: tracker profile set --home CITY"
            )
        )
    countries, continents = candidates.country_names, candidates.country_continents  # distinct
    at_country = candidates.country_index
    home_continent = costs.continent(home.country) or ""
    # Integer codes shared by the editions and the home (-1: unknown), so that "same
    # country" is one vectorised comparison.
    every_country = np.concatenate([countries, candidates.past_countries, [home.country]])
    every_continent = np.concatenate([continents, candidates.past_continents, [home_continent]])
    country_codes = {c: i for i, c in enumerate(sets.distinct(every_country))}
    region_codes = {c: i for i, c in enumerate(sets.distinct(every_continent))}
    country_codes[""] = region_codes[""] = -1
    features = candidates.features
    base = features.base if isinstance(features, CompactFeatures) else features
    base = replace(
        base,
        country=_codes(countries, country_codes)[at_country],
        region=_codes(continents, region_codes)[at_country],
        visa_days=_visa_days(profile.passports, countries)[at_country] if profile.passports else None,
    )
    # The past places' countries and continents, coded the same way.
    past_country = _codes(candidates.past_countries, country_codes)
    past_region = _codes(candidates.past_continents, region_codes)
    edition_features: EditionFeatures | CompactFeatures
    if isinstance(features, CompactFeatures):
        compact_past = (
            None
            if features.past is None
            else replace(features.past, country=past_country, region=past_region)
        )
        edition_features = replace(features, base=base, past=compact_past)
    else:
        past = (
            None
            if features.past is None
            else replace(features.past, country=past_country, region=past_region)
        )
        edition_features = replace(base, past=past)
    rate = currencies().rate(profile.currency)
    today = float(now.date().toordinal() - EPOCH)
    person = PersonFeatures(
        latitude=home.latitude,
        longitude=home.longitude,
        country=country_codes[home.country],
        region=region_codes[home_continent],
        interest_credit=topic_credit(candidates.vocabulary, profile.interests),
        topic_specific=topic_specificity(candidates.vocabulary, profile.interests),
        today=today,
        budget=profile.budget / rate if profile.budget else float("nan"),
        window_start=day_number(profile.available_from),
        window_end=day_number(profile.available_to),
        submit=profile.mode == "submit",
        prep_days=float(profile.prep_days),
        virtual_ok=profile.virtual_ok,
        now=instant_day(now),
    )
    return person, edition_features


def _visa_days(passports: tuple[str, ...], countries: np.ndarray) -> np.ndarray:
    """Typical days to get the entry document each edition's country needs (best passport; NaN unknown)."""
    if len(countries) == 0:
        return np.zeros(0)
    distinct, inverse = np.unique(countries, return_inverse=True)
    needs = [visas.best(passports, str(c)) if c else None for c in distinct]
    days = np.array([np.nan if r is None else np.inf if r.lead_days is None else r.lead_days for r in needs])
    return days[inverse.reshape(-1)]


def _codes(values: np.ndarray, codes: dict[str, int]) -> np.ndarray:
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([codes[v] for v in distinct], dtype=np.int64)[inverse.reshape(-1)]


# --- the walk -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class _Scored:
    """Every candidate's total, drop code and place in the order (``summary``), and the full
    evaluation of the few rows shown or explained (``detail``; ``detailed``: candidate row ->
    its row there)."""

    candidates: Candidates
    features: EditionFeatures | CompactFeatures
    person: PersonFeatures
    model: ModelParams
    summary: Summary
    money: Money
    rules: dict[str, bool]  # evaluate's within_budget and keep_off_topic
    deadlines: dict[int, tuple[datetime, str, bool]] = field(default_factory=dict)  # of the shown rows
    detail: Ranking | None = None
    detail_features: EditionFeatures | None = None
    detailed: dict[int, int] = field(default_factory=dict)

    def with_detail(self, rows: np.ndarray) -> _Scored:
        """The same, with ``rows`` evaluated in full: their scores, inputs and explanations."""
        unique = sets.distinct(rows.astype(np.int64))
        features = self.features.block(unique)
        evaluation = evaluate(features, self.person, self.model, **self.rules)
        detail = rank(evaluation, self.summary.weights, tie_break=features.start)
        at = {row: i for i, row in enumerate(unique.tolist())}
        return replace(self, detail=detail, detail_features=features, detailed=at)


def _score(
    session: Session | Connection,
    profile: Profile,
    options: Options,
    now: datetime,
    include_id: int | None = None,
) -> _Scored:
    from tracker.catalog.filters import parse_kind, topic_keys

    if profile.home is None:
        person_features(profile, _empty(), now)  # raises the "no home" error before any work
    kind = parse_kind(options.kind) if options.kind else None
    keys = topic_keys(options.topic) if options.topic else None
    candidates = load_candidates(
        session,
        now=now,
        student=profile.student,
        mode=profile.mode,
        kind=kind,
        topic_keys=keys,
        include_id=include_id,
    )
    person, features = _person(profile, candidates, now)
    model = model_params()
    rules = {"within_budget": options.within_budget, "keep_off_topic": options.show_all}
    summary = score_in_blocks(features, person, model, effective_weights(profile), **rules)
    money = Money(profile.currency, currencies().rate(profile.currency))
    return _Scored(candidates, features, person, model, summary, money, rules)


def _empty() -> Candidates:
    n0 = np.zeros(0)
    features = EditionFeatures(
        topics=np.zeros((0, 0), bool), quality=n0, quality_confidence=n0, start=n0, end=n0,
        estimated=n0.astype(bool), paper_deadline=n0, paper_deadline_passed=n0.astype(bool),
        latitude=n0, longitude=n0, country=n0.astype(int), region=n0.astype(int),
        mode=n0.astype(np.int8), registration=n0, night_cost=n0,
    )  # fmt: skip
    text, objects = np.zeros(0, dtype=str), np.zeros(0, dtype=object)
    return Candidates(
        n0.astype(int), [], objects, n0.astype(int), objects, objects, objects, text, text, objects,
        features, [], n0.astype(bool),
    )  # fmt: skip


def _recommendation(s: _Scored, row: int, rank: int, profile: Profile, *, explained: bool) -> Recommendation:
    """The candidate ``row`` (evaluated in full by :meth:`_Scored.with_detail`) as a result."""
    assert s.detail is not None and s.detail_features is not None
    c, ranking, f, at = s.candidates, s.detail, s.detail_features, s.detailed[row]
    ev = ranking.evaluation
    distance = float(ev.distance_km[at])
    deadline = s.deadlines.get(int(c.ids[row]))
    explanation = (
        explain(
            ranking, f, s.person, s.model, at,
            vocabulary=c.vocabulary, interests=profile.interests, money=s.money,
        )
        if explained
        else []
    )  # fmt: skip
    virtual = bool(ev.virtual_plan[at])
    start = c.day(f.start, at)
    lead = ev.lead
    lead_days = None if lead is None or np.isinf(lead.days[at]) else float(lead.days[at])
    decide_by = start - timedelta(days=int(np.ceil(lead_days))) if start and lead_days is not None else None
    expected = _expected_place(ranking, f, c, s.money, at)
    return Recommendation(
        rank=rank,
        key=c.keys[row],
        title=c.title(row),
        name=c.names[row],
        kind=str(c.kinds[row]),
        start_date=start,
        end_date=c.day(f.end, at),
        estimated=bool(f.estimated[at]),
        city=c.cities[row],
        country=c.countries[row] or None,
        mode=MODE_NAMES[int(f.mode[at])],
        distance_km=None if np.isnan(distance) else round(distance, 1),
        travel_hours=round(float(ev.travel_hours[at]), 2),
        plan="virtual" if virtual else "in person",
        cost=round(float(ev.total_cost[at]) * s.money.rate, 2),
        currency=profile.currency,
        cost_estimated=not (virtual and bool(c.registration_known[row])),
        registration_known=bool(c.registration_known[row]),
        next_deadline=deadline[0] if deadline else None,
        next_deadline_type=deadline[1] if deadline else None,
        next_deadline_estimated=deadline[2] if deadline else False,
        # Full precision, so that the parts add up to the total exactly (tables round).
        total=float(ranking.total[at]),
        scores={k: float(v) for k, v in zip(CRITERIA, ev.scores[at], strict=True)},
        contributions={k: float(v) for k, v in zip(CRITERIA, ranking.contributions[at], strict=True)},
        explanation=explanation,
        reachable=bool(ev.reachable[at]),
        lead_days=lead_days,
        decide_by=decide_by,
        visa=visas.visa_info(profile.passports, c.countries[row], start),
        tracks=[c.keys[t] for t in np.flatnonzero(c.parent_rows == row).tolist()],
        fee_notes=costs.fee_notes(
            c.fee_choices.get(int(c.ids[row])),
            c.series_keys[row],
            profile.mode,
            student=profile.student,
            estimate_eur=float(f.registration[at]),
            money=s.money,
        ),
        **expected,
    )


def _expected_place(
    ranking: Ranking, f: EditionFeatures, candidates: Candidates, money: Money, row: int
) -> dict[str, Any]:
    """The spread and regions of an expected place (see Recommendation), or nothing."""
    ev, past = ranking.evaluation, f.past
    if ev.place_expected is None or not ev.place_expected[row] or past is None:
        return {}
    assert ev.distance_range is not None and ev.cost_range is not None
    weights = past.weights[int(past.history[row])]
    regions: dict[str, float] = {}
    for continent, share in zip(candidates.past_continents, weights, strict=True):
        if share > 0:
            regions[str(continent) or "?"] = regions.get(str(continent) or "?", 0.0) + float(share)
    near, far = (round(float(x), 1) for x in ev.distance_range[row])
    low, high = (round(float(x) * money.rate, 2) for x in ev.cost_range[row])
    return {
        "place_expected": True,
        "distance_range_km": (near, far),
        "cost_range": (low, high),
        "expected_regions": {k: round(v, 3) for k, v in sorted(regions.items(), key=lambda kv: -kv[1])},
    }


def recommend(
    session: Session | Connection,
    profile: Profile,
    options: Options,
    *,
    now: datetime,
    explained: bool = False,
) -> RecommendResult:
    """The best ``options.limit`` editions for ``profile``, ranked, with the dropped ones counted."""
    s = _score(session, profile, options, now)
    summary = s.summary
    order = vetted_first(session, s.candidates.ids, summary.order)
    folded: dict[str, list[str]] = {}
    if options.kind is None:
        order, folded = fold_into_parents(
            session, s.candidates.ids, s.candidates.keys, order, s.candidates.rows_in_id_order()
        )
    shown = order[: max(options.limit, 0)]
    drop = summary.drop
    per_code = np.bincount(drop, minlength=len(Drop))
    counts = {Drop(code).name.lower(): int(count) for code, count in enumerate(per_code)}
    counts.pop("kept")
    # Itemise the interesting drops (not the merely past ones), best total first.
    listed = np.flatnonzero((drop != Drop.KEPT) & (drop != Drop.STARTED))
    listed = listed[_best_first(summary.total[listed], DROPPED_LISTED)]
    s = s.with_detail(np.concatenate([shown, listed]))
    s.deadlines.update(next_deadlines(session, [int(s.candidates.ids[r]) for r in shown], now))
    results = [
        _recommendation(s, int(row), rank, profile, explained=explained)
        for rank, row in enumerate(shown, start=1)
    ]
    results = [replace(r, workshops=folded.get(r.key, [])) for r in results]
    assert s.detail is not None
    dropped = [
        Dropped(
            s.candidates.keys[int(r)],
            s.candidates.title(int(r)),
            drop_reason(s.detail, s.person, s.detailed[int(r)]) or "",
        )
        for r in listed
    ]
    notes: list[str] = [Message(N_("costs marked ~ are estimates: travel, nights and (unless known) "
                        "registration come from the documented models in data/recommend/"))]  # fmt: skip
    if not profile.interests:
        notes.append(Message(N_("no interests given: every edition counts as on-topic (use --interests)")))
    if not profile.passports:
        # A code that works as typed: the home's country is the likeliest passport.
        code = profile.home.country if profile.home else "DE"
        template = N_("no passport given: visas are not considered (tracker profile set --passport {code})")
        notes.append(Message(template, code=code))
    notes += workshop_notes(session, [r.key for r in results])
    notes += folded_notes(folded, [r.key for r in results])
    home = profile.home
    return RecommendResult(
        home=home.label() if home else "",
        interests=list(profile.interests),
        passports=list(profile.passports),
        mode=profile.mode,
        currency=profile.currency,
        budget=profile.budget,
        weights={k: float(w) for k, w in zip(CRITERIA, summary.weights, strict=True)},
        candidates=len(s.candidates.keys),
        recommended=len(order),
        results=results,
        dropped_counts={k: v for k, v in counts.items() if v},
        dropped=dropped,
        notes=notes,
    )


def _best_first(total: np.ndarray, k: int) -> np.ndarray:
    """``np.argsort(-total, kind="stable")[:k]``: only the rows at or above the k-th best
    total are sorted (a few of the hundreds of thousands dropped at +1,000,000 editions)."""
    keys = -total
    if 0 < k < len(keys):
        kth = np.partition(keys, k - 1)[k - 1]
        if not np.isnan(kth):  # NaNs sort last; with too few numbers, sort them all
            near = np.flatnonzero(keys <= kth)  # in row order, as the stable sort breaks ties
            return near[np.argsort(keys[near], kind="stable")][:k]
    return np.argsort(keys, kind="stable")[:k]


def why(session: Session, profile: Profile, key: str, options: Options, *, now: datetime) -> Why:
    """One edition explained in full: each criterion's inputs, formula and contribution."""
    from tracker.catalog.resolve import resolve_edition

    edition = resolve_edition(session, key)
    whole = Options(within_budget=options.within_budget, show_all=options.show_all)
    s = _score(session, profile, whole, now, include_id=edition.id)
    row = int(rows_of(s.candidates.ids, np.array([edition.id]), s.candidates.rows_in_id_order())[0])
    # Ranked as the table that listed it ranks it: a conference among the default list (cautioned
    # series last, workshops folded into their parents), a workshop as `--kind workshop` ranks it.
    order = vetted_first(session, s.candidates.ids, s.summary.order)
    if s.candidates.kinds[row] == "workshop":
        order = order[s.candidates.kinds[order] == "workshop"]
    else:
        order, _folded = fold_into_parents(
            session, s.candidates.ids, s.candidates.keys, order, s.candidates.rows_in_id_order()
        )
    position = np.flatnonzero(order == row)
    rank = int(position[0]) + 1 if len(position) else 0
    s = s.with_detail(np.array([row]))
    s.deadlines.update(next_deadlines(session, [edition.id], now))
    rec = _recommendation(s, row, rank, profile, explained=True)
    assert s.detail is not None
    reason = drop_reason(s.detail, s.person, s.detailed[row])
    return Why(rec, kept=rank > 0, reason=reason, out_of=len(order), passports=profile.passports)


def now_utc() -> datetime:
    from tracker import clock

    return clock.now().astimezone(UTC)
