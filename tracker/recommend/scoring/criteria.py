"""The five criteria, vectorised: each maps the feature arrays to a score in [0, 1] per edition.

Every function works on whole arrays (no Python loop over editions) and returns the
intermediate quantities too (distance, travel hours, costs, ...), because those are
the "inputs" an explanation shows. The formulas are written out in
:mod:`tracker.recommend.scoring.explain` next to the numbers they produce.

Eligibility is separate from the scores: an edition that has begun, one outside the
availability window, one whose paper deadline leaves too little preparation time (in
submit mode), a virtual-only edition for a person who will not attend virtually, and
(on request) one over budget are dropped, each with a reason code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from tracker.recommend.scoring import sets
from tracker.recommend.scoring.features import (
    CRITERIA,
    MODE_IN_PERSON,
    MODE_VIRTUAL,
    EditionFeatures,
    ModelParams,
    PersonFeatures,
)
from tracker.recommend.scoring.lead import Lead, lead_times

HISTORY_BLOCK = 4096  # histories per block of the expected-place means (bounds the temporary)

EARTH_RADIUS_KM = 6371.0088


class Drop(IntEnum):
    """Why an edition is not recommended (0 = it is)."""

    KEPT = 0
    STARTED = 1  # already begun or over: never recommended
    NO_DATES = 2
    OUTSIDE_WINDOW = 3
    DEADLINE_PASSED = 4  # submit mode: every paper deadline is over
    DEADLINE_TOO_CLOSE = 5  # submit mode: fewer days left than the preparation needs
    VIRTUAL_NOT_ACCEPTED = 6
    OVER_BUDGET = 7  # only with within_budget
    OFF_TOPIC = 8  # topic score below the on-topic threshold (shown with keep_off_topic)
    SHOWN_WITH_PARENT = 9  # a track of a conference in the list: shown on its parent's row


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Evaluation:
    """Scores and the quantities behind them, one row per edition."""

    scores: np.ndarray  # (n, 5) in CRITERIA order, each in [0, 1]
    drop: np.ndarray  # (n,) int8 Drop codes
    interest_match: np.ndarray  # (n, I) best credit per interest
    coverage: np.ndarray  # (n,) mean over interests of the best credit
    focus: np.ndarray  # (n,) share of the edition's specific topics relevant to the person
    window_share: np.ndarray  # (n,) share of the conference days inside the window
    deadline_days: np.ndarray  # (n,) days until the next paper deadline (NaN none)
    distance_km: np.ndarray  # (n,) great-circle distance (NaN when the place is unknown)
    travel_hours: np.ndarray  # (n,) one way to go there, by the faster of ground and air
    by_air: np.ndarray  # (n,) bool
    travel_cost: np.ndarray  # (n,) EUR round trip
    nights: np.ndarray  # (n,)
    lodging_cost: np.ndarray  # (n,) EUR
    registration_cost: np.ndarray  # (n,) EUR for the chosen way of attending
    total_cost: np.ndarray  # (n,) EUR for the chosen way of attending
    virtual_plan: np.ndarray  # (n,) bool: the cost criterion's best option is remote attendance
    in_person_location: np.ndarray  # (n,) the location score of going there
    lead: Lead | None = None  # lead time: registration, booking, visa; reachable or too close

    @property
    def reachable(self) -> np.ndarray:
        return np.ones(len(self.drop), dtype=bool) if self.lead is None else self.lead.reachable

    # An edition whose place is not announced, expected where its series met before: the
    # distance and cost above are means, these their spread (the nearest and farthest past
    # place, the cheapest and dearest trip). Elsewhere low = high = the value itself.
    place_expected: np.ndarray | None = None  # (n,) bool
    distance_range: np.ndarray | None = None  # (n, 2) km
    cost_range: np.ndarray | None = None  # (n, 2) EUR of the chosen way of attending


def row_means(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``(weights * values[None, :]).sum(axis=1)`` in blocks of rows: no second matrix the
    size of ``weights`` (100,000 histories x 200 places at a million editions). Elementwise
    and summed, not a BLAS product (whose threads thrash on a busy machine)."""
    out = np.empty(len(weights))
    for i in range(0, len(weights), HISTORY_BLOCK):
        out[i : i + HISTORY_BLOCK] = (weights[i : i + HISTORY_BLOCK] * values[None, :]).sum(axis=1)
    return out


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distance from (lat0, lon0) to every (lat, lon), in kilometres."""
    p1, p2 = np.radians(lat0), np.radians(lat)
    dp = p2 - p1
    dl = np.radians(lon - lon0)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def topic_scores(f: EditionFeatures, p: PersonFeatures, m: ModelParams) -> dict[str, np.ndarray]:
    """How much of the person's interests the edition covers, and how focused on them it is.

    ``coverage``: the mean over interests of the best credit any of the edition's topics
    earns (``p.interest_credit[v, i]`` is 1 for the interest itself and partial for a
    narrower, broader or sibling topic). ``focus``: the share of the edition's specific
    topics (catch-alls left out) that are relevant to some interest (credit at least
    ``m.relevant_credit``); 1 when the series' own name names such a topic, and scaled by
    ``m.name_mismatch_factor`` when its name names only other topics.
    ``score = coverage x focus ** m.focus_exponent``: a venue tagged with ten areas is not a
    full match for each of them. With no interests every edition scores 1.
    """
    n = len(f)
    credit = p.interest_credit
    if credit.shape[1] == 0:
        ones = np.ones(n)
        return {"score": ones, "best": np.zeros((n, 0)), "coverage": ones, "focus": ones}
    specific = np.ones(credit.shape[0], dtype=bool) if p.topic_specific is None else p.topic_specific
    credit = credit * specific[:, None]  # no blanket credit through a catch-all
    best = np.zeros((n, credit.shape[1]))
    # Credits take a handful of distinct values. Per interest, from the largest value down,
    # an edition with any topic earning that value gets it unless it already got a larger
    # one. Boolean column picks and any(): no (n, V) float temporaries and no BLAS (whose
    # threads thrash on a busy machine).
    for i in range(credit.shape[1]):
        column = credit[:, i]
        found = np.zeros(n, dtype=bool)
        for level in sets.distinct(column[column > 0])[::-1]:
            hit = f.topics[:, column == level].any(axis=1) & ~found
            best[hit, i] = level
            found |= hit
    coverage = best.mean(axis=1)
    relevant = specific & (credit.max(axis=1) >= m.relevant_credit)
    tagged = f.topics[:, specific].sum(axis=1)
    on = f.topics[:, relevant].sum(axis=1)
    focus = np.where(tagged > 0, on / np.maximum(tagged, 1), 1.0)
    if f.named is not None:
        # The series' own name is evidence no source's tagging can blur. Named after one of
        # the person's topics: about it (CVPR carries six tags; its name says computer
        # vision). Named after other topics only, the catch-all "artificial intelligence"
        # included: about those (RSS is robotics for an ML person, IJCAI is all of AI for an
        # NLP person, ECML-PKDD is not speech whatever one source's tag says).
        named_here = f.named[:, relevant].any(axis=1)
        named_elsewhere = f.named.any(axis=1) & ~named_here
        focus = np.where(named_here, 1.0, np.where(named_elsewhere, focus * m.name_mismatch_factor, focus))
    return {"score": coverage * focus**m.focus_exponent, "best": best, "coverage": coverage, "focus": focus}


def quality_scores(f: EditionFeatures, m: ModelParams) -> np.ndarray:
    """Shrink the composite toward a prior by the missing confidence: c*q + (1-c)*prior."""
    conf = np.clip(np.nan_to_num(f.quality_confidence, nan=0.0), 0.0, 1.0)
    q = np.clip(np.nan_to_num(f.quality, nan=m.quality_prior), 0.0, 1.0)
    conf = np.where(np.isnan(f.quality), 0.0, conf)
    return conf * q + (1.0 - conf) * m.quality_prior


def time_scores(
    f: EditionFeatures, p: PersonFeatures, m: ModelParams, lead: Lead
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Window share x estimate discount x (submit) deadline factor x lead factor; plus the drop codes."""
    days = f.end - f.start + 1.0
    if np.isnan(p.window_start) and np.isnan(p.window_end):
        share = np.ones(len(f))
    else:
        lo = np.maximum(f.start, -np.inf if np.isnan(p.window_start) else p.window_start)
        hi = np.minimum(f.end, np.inf if np.isnan(p.window_end) else p.window_end)
        share = np.clip((hi - lo + 1.0) / days, 0.0, 1.0)
    share = np.nan_to_num(share, nan=0.0)
    estimate = np.where(f.estimated, m.estimated_discount, 1.0)
    deadline_days = f.paper_deadline - p.instant
    drop = np.zeros(len(f), dtype=np.int8)
    factor = np.ones(len(f))
    if p.submit:
        unknown = np.isnan(deadline_days)
        factor = np.where(unknown, m.no_deadline_factor, 1.0)
        drop = np.where(unknown & f.paper_deadline_passed, Drop.DEADLINE_PASSED, drop)
        drop = np.where(~unknown & (deadline_days < p.prep_days), Drop.DEADLINE_TOO_CLOSE, drop)
    # The more basic reasons win over the submit-mode ones.
    drop = np.where(share <= 0.0, Drop.OUTSIDE_WINDOW, drop)
    drop = np.where(f.start < p.today, Drop.STARTED, drop)
    drop = np.where(np.isnan(f.start) | np.isnan(f.end), Drop.NO_DATES, drop).astype(np.int8)
    return share * estimate * factor * lead.factor, share, deadline_days, drop


def _legs(distance: np.ndarray, m: ModelParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-way hours (the faster of ground and air), whether by air, and round-trip cost."""
    ground_h = distance * m.road_factor / m.ground_speed_kmh + m.ground_overhead_h
    air_h = m.flight_overhead_h + distance / m.flight_speed_kmh
    by_air = air_h < ground_h
    # min() of two increasing functions: travel time never falls as distance grows.
    hours = np.minimum(ground_h, air_h)
    ground_cost = 2 * distance * m.road_factor * m.ground_cost_per_km
    air_cost = 2 * (m.flight_base + distance * m.flight_cost_per_km)
    return hours, by_air, np.where(by_air, air_cost, ground_cost)


def travel(f: EditionFeatures, p: PersonFeatures, m: ModelParams) -> dict[str, np.ndarray]:
    """Distance, one-way hours, round-trip cost, nights, lodging, and how close it is
    (exp(-hours/tau), same country, same region).

    An edition whose place is not announced is expected where its series met before
    (``f.past``): each quantity is the mean over those places, weighted by how often the
    series met there, and ``low``/``high`` give the cheapest and dearest of them (its
    spread). Without any history it falls back to ``m.unknown_distance_km``.
    """
    distance = haversine_km(f.latitude, f.longitude, p.latitude, p.longitude)
    assumed = np.nan_to_num(distance, nan=m.unknown_distance_km)
    hours, by_air, travel_cost = _legs(assumed, m)
    days = np.nan_to_num(f.end - f.start + 1.0, nan=1.0)
    # Arrive the evening before; a commute needs no hotel.
    away = (assumed >= m.commute_km).astype(float)
    close = np.exp(-hours / m.location_tau_hours)
    same_country = ((f.country == p.country) & (f.country >= 0)).astype(float)
    same_region = ((f.region == p.region) & (f.region >= 0)).astype(float)
    trip_cost = travel_cost + away * (days + 1.0) * f.night_cost
    low, high = trip_cost, trip_cost
    expected = np.zeros(len(f), dtype=bool)
    far, near = distance, distance
    past = f.past
    if past is not None and past.weights.shape[1] > 0:
        expected = np.isnan(distance) & (past.history >= 0)
        at = np.maximum(past.history, 0)
        w = past.weights
        d = haversine_km(past.latitude, past.longitude, p.latitude, p.longitude)
        h, air, cost = _legs(d, m)
        gone = d >= m.commute_km

        def mean(values: np.ndarray) -> np.ndarray:
            return row_means(w, values)[at]  # per history, then one row per edition

        def where_past(values: np.ndarray, current: np.ndarray) -> np.ndarray:
            return np.where(expected, values, current)

        distance = where_past(mean(d), distance)
        hours = where_past(mean(h), hours)
        by_air = where_past(mean(air.astype(float)) >= 0.5, by_air)
        travel_cost = where_past(mean(cost), travel_cost)
        away = where_past(mean(gone.astype(float)), away)
        close = where_past(mean(np.exp(-h / m.location_tau_hours)), close)
        home_country = (past.country == p.country) & (past.country >= 0)
        home_region = (past.region == p.region) & (past.region >= 0)
        same_country = where_past(mean(home_country.astype(float)), same_country)
        same_region = where_past(mean(home_region.astype(float)), same_region)
        # The spread: the cheapest and dearest past place, a hotel where it is not a commute.
        stay = (days + 1.0) * f.night_cost
        there = w > 0

        def extreme(values: np.ndarray, pick: np.ndarray, fill: float, reduce: np.ufunc) -> np.ndarray:
            # The places' values seen from every history without copying them (broadcast),
            # reduced over the places each history holds.
            every_history = np.broadcast_to(values[None, :], w.shape)
            held = there & pick[None, :]
            return np.asarray(reduce.reduce(every_history, axis=1, where=held, initial=fill))[at]

        low = np.minimum(
            extreme(cost, ~gone, np.inf, np.minimum), extreme(cost, gone, np.inf, np.minimum) + stay
        )
        high = np.maximum(
            extreme(cost, ~gone, -np.inf, np.maximum), extreme(cost, gone, -np.inf, np.maximum) + stay
        )
        low, high = where_past(low, trip_cost), where_past(high, trip_cost)
        every = np.ones(len(d), dtype=bool)
        near = where_past(extreme(d, every, np.inf, np.minimum), distance)
        far = where_past(extreme(d, every, -np.inf, np.maximum), distance)
    nights = away * (days + 1.0)
    return {
        "distance": distance,
        "hours": hours,
        "by_air": by_air,
        "travel_cost": travel_cost,
        "nights": nights,
        "lodging": nights * f.night_cost,
        "close": close,
        "same_country": same_country,
        "same_region": same_region,
        "expected": expected,
        "trip_low": low,
        "trip_high": high,
        "distance_low": near,
        "distance_high": far,
    }


def location_scores(
    f: EditionFeatures, p: PersonFeatures, m: ModelParams, trip: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """exp(-hours/tau) scaled, + same-country and same-region bonuses; a remote option counts.
    (For an expected place: each term's mean over the series' past places.)"""
    base = 1.0 - m.same_country_bonus - m.same_region_bonus
    in_person = (
        base * trip["close"]
        + m.same_country_bonus * trip["same_country"]
        + m.same_region_bonus * trip["same_region"]
    )
    remote = p.virtual_ok & (f.mode != MODE_IN_PERSON)
    can_go = f.mode != MODE_VIRTUAL
    score = np.where(can_go, in_person, 0.0)
    score = np.where(remote, np.maximum(score, m.virtual_credit), score)
    return np.clip(score, 0.0, 1.0), in_person


def budget_score(cost: np.ndarray, budget: float, m: ModelParams) -> np.ndarray:
    """1 - r/2 within budget (r = cost/budget), then 0.5*exp(-k(r-1)) over it; no budget: 1/(1+c/ref)."""
    if np.isnan(budget):
        return 1.0 / (1.0 + cost / m.cost_reference)
    r = cost / budget
    return np.where(r <= 1.0, 1.0 - 0.5 * r, 0.5 * np.exp(-m.over_budget_steepness * (r - 1.0)))


def cost_scores(
    f: EditionFeatures, p: PersonFeatures, m: ModelParams, trip: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Score the cheaper-scoring of going there and (when accepted and offered) attending remotely."""
    in_person_cost = f.registration + trip["travel_cost"] + trip["lodging"]
    remote_cost = f.registration * m.virtual_fee_factor
    can_go = f.mode != MODE_VIRTUAL
    remote = p.virtual_ok & (f.mode != MODE_IN_PERSON)
    go_score = np.where(can_go, budget_score(in_person_cost, p.budget, m), -1.0)
    remote_score = np.where(remote, budget_score(remote_cost, p.budget, m), -1.0)
    virtual_plan = remote_score > go_score
    return {
        "score": np.clip(np.maximum(go_score, remote_score), 0.0, 1.0),
        "virtual_plan": virtual_plan,
        "total": np.where(virtual_plan, remote_cost, in_person_cost),
        "registration": np.where(virtual_plan, remote_cost, f.registration),
    }


def evaluate(
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    *,
    within_budget: bool = False,
    keep_off_topic: bool = False,
) -> Evaluation:
    """All five scores for every edition, with drop codes and the quantities behind them."""
    topical = topic_scores(f, p, m)
    topic = topical["score"]
    quality = quality_scores(f, m)
    trip = travel(f, p, m)
    lead = lead_times(f, p, m, trip)
    time, share, deadline_days, drop = time_scores(f, p, m, lead)
    location, in_person = location_scores(f, p, m, trip)
    cost = cost_scores(f, p, m, trip)
    virtual_only = f.mode == MODE_VIRTUAL
    if not p.virtual_ok:
        drop = np.where((drop == Drop.KEPT) & virtual_only, Drop.VIRTUAL_NOT_ACCEPTED, drop)
    if within_budget and not np.isnan(p.budget):
        drop = np.where((drop == Drop.KEPT) & (cost["total"] > p.budget), Drop.OVER_BUDGET, drop)
    if f.with_parent is not None:
        drop = np.where((drop == Drop.KEPT) & f.with_parent, Drop.SHOWN_WITH_PARENT, drop)
    if not keep_off_topic:
        drop = np.where((drop == Drop.KEPT) & (topic < m.on_topic_threshold), Drop.OFF_TOPIC, drop)
    scores = np.clip(np.stack([topic, quality, time, location, cost["score"]], axis=1), 0.0, 1.0)
    assert scores.shape[1] == len(CRITERIA)
    virtual = cost["virtual_plan"]
    return Evaluation(
        scores=scores,
        drop=drop.astype(np.int8),
        interest_match=topical["best"],
        coverage=topical["coverage"],
        focus=topical["focus"],
        window_share=share,
        deadline_days=deadline_days,
        distance_km=trip["distance"],
        travel_hours=trip["hours"],
        by_air=trip["by_air"],
        travel_cost=np.where(virtual, 0.0, trip["travel_cost"]),
        nights=np.where(virtual, 0.0, trip["nights"]),
        lodging_cost=np.where(virtual, 0.0, trip["lodging"]),
        registration_cost=cost["registration"],
        total_cost=cost["total"],
        virtual_plan=virtual,
        in_person_location=in_person,
        lead=lead,
        place_expected=trip["expected"] & ~virtual,
        distance_range=np.stack([trip["distance_low"], trip["distance_high"]], axis=1),
        cost_range=np.where(
            virtual[:, None],
            cost["total"][:, None],
            f.registration[:, None] + np.stack([trip["trip_low"], trip["trip_high"]], axis=1),
        ),
    )
