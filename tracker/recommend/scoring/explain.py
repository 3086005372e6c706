"""Explanations: for one edition, each criterion's inputs, formula, score and contribution.

The numbers come from the same vectorised evaluation that ranked the edition (no second
implementation of the formulas), so an explanation can never disagree with the ranking;
the contributions of the five criteria add up to the total.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.i18n import N_
from tracker.recommend.scoring.criteria import Drop
from tracker.recommend.scoring.features import (
    CRITERIA,
    MODE_NAMES,
    EditionFeatures,
    ModelParams,
    PersonFeatures,
)
from tracker.recommend.scoring.lead import TRIP_NAMES, Lead
from tracker.recommend.scoring.ranking import Ranking


@dataclass(frozen=True)
class Money:
    """How to show euros to this person: their currency and the EUR -> currency rate."""

    currency: str = "EUR"
    rate: float = 1.0

    def __call__(self, eur: float) -> str:
        return f"{eur * self.rate:,.0f} {self.currency}"


@dataclass(frozen=True)
class CriterionExplanation:
    criterion: str
    score: float
    weight: float  # normalised
    contribution: float  # score * weight
    formula: str
    reason: str
    inputs: dict[str, Any] = field(default_factory=dict)


def _num(value: float, digits: int = 3) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def drop_reason(ranking: Ranking, person: PersonFeatures, row: int) -> str | None:
    """Why the edition at ``row`` is not recommended, in words; None when it is kept."""
    ev = ranking.evaluation
    code = Drop(int(ev.drop[row]))
    days = ev.deadline_days[row]
    if code == Drop.KEPT:
        return None
    if code == Drop.STARTED:
        return N_("already begun or over: past editions are never recommended")
    if code == Drop.NO_DATES:
        return N_("no dates known")
    if code == Drop.OUTSIDE_WINDOW:
        return N_("entirely outside your availability window")
    if code == Drop.DEADLINE_PASSED:
        return N_("every paper deadline has passed (submit mode)")
    if code == Drop.DEADLINE_TOO_CLOSE:
        return f"paper deadline in {math.floor(days)} days, you need {person.prep_days:.0f}"
    if code == Drop.VIRTUAL_NOT_ACCEPTED:
        return N_("virtual only, and you do not accept virtual attendance")
    if code == Drop.OFF_TOPIC:
        score = float(ranking.evaluation.scores[row, 0])
        return f"off your topics (topic score {score:.2f} is below the on-topic threshold; --all shows it)"
    if code == Drop.SHOWN_WITH_PARENT:
        return N_("a track of a conference in this list: shown on that edition's row")
    return N_("over your budget (--within-budget)")


def explain(
    ranking: Ranking,
    features: EditionFeatures,
    person: PersonFeatures,
    model: ModelParams,
    row: int,
    *,
    vocabulary: Sequence[str],
    interests: Sequence[str],
    money: Money | None = None,
) -> list[CriterionExplanation]:
    """The five criteria of the edition at ``row``, in CRITERIA order."""
    money = money or Money()
    ev = ranking.evaluation
    scores = ev.scores[row]
    out: list[CriterionExplanation] = []
    builders = (_topic, _quality, _time, _location, _cost)
    for k, (name, build) in enumerate(zip(CRITERIA, builders, strict=True)):
        formula, reason, inputs = build(ranking, features, person, model, row, vocabulary, interests, money)
        out.append(
            CriterionExplanation(
                criterion=name,
                score=float(scores[k]),
                weight=float(ranking.weights[k]),
                contribution=float(ranking.contributions[row, k]),
                formula=formula,
                reason=reason,
                inputs=inputs,
            )
        )
    return out


# Each builder returns (formula, reason, inputs) for one criterion.
_Built = tuple[str, str, dict[str, Any]]


def _topic(
    r: Ranking,
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    row: int,
    vocab: Sequence[str],
    interests: Sequence[str],
    money: Money,
) -> _Built:
    present = [vocab[int(v)] for v in np.flatnonzero(f.topics[row])]
    formula = (
        f"coverage x focus^{m.focus_exponent:g}: coverage = mean over your interests of the best credit"
        " among the edition's topics; focus = share of its specific topics relevant to you"
    )
    if not interests:
        return formula, "no interests given: every edition counts as on-topic", {"edition_topics": present}
    matches: dict[str, dict[str, Any]] = {}
    for i, interest in enumerate(interests):
        specific = np.ones(len(vocab), dtype=bool) if p.topic_specific is None else p.topic_specific
        column = p.interest_credit[:, i] * f.topics[row] * specific
        best = int(np.argmax(column))
        credit = float(column[best])
        matches[interest] = {"credit": round(credit, 3), "via": vocab[best] if credit > 0 else None}
    parts = [
        f"{name} {'<- ' + str(hit['via']) if hit['via'] else 'no match'} ({hit['credit']:.2f})"
        for name, hit in matches.items()
    ]
    formula += " (same topic 1, narrower topic/parent/sibling partial, see data/recommend/weights.yml)"
    ev = r.evaluation
    coverage, focus = float(ev.coverage[row]), float(ev.focus[row])
    parts.append(f"coverage {coverage:.2f}, focus {focus:.2f}")
    inputs = {"edition_topics": present, "interests": matches, "coverage": round(coverage, 3)}
    inputs["focus"] = round(focus, 3)
    return formula, "; ".join(parts), inputs


def _quality(
    r: Ranking,
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    row: int,
    vocab: Sequence[str],
    interests: Sequence[str],
    money: Money,
) -> _Built:
    q, c = float(f.quality[row]), float(f.quality_confidence[row])
    formula = f"confidence x composite + (1 - confidence) x prior {m.quality_prior}"
    if math.isnan(q):
        reason = f"no quality signal: the prior {m.quality_prior} is used"
    else:
        reason = f"composite {q:.2f} with confidence {c:.2f}"
    inputs = {"composite": _num(q), "confidence": _num(c), "prior": m.quality_prior}
    return formula, reason, inputs


def _time(
    r: Ranking,
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    row: int,
    vocab: Sequence[str],
    interests: Sequence[str],
    money: Money,
) -> _Built:
    ev = r.evaluation
    share = float(ev.window_share[row])
    estimated = bool(f.estimated[row])
    days = float(ev.deadline_days[row])
    formula = "share of the conference days inside your window"
    formula += f" x {m.estimated_discount} if estimated"
    parts = [f"{share:.0%} of its days in your window"]
    if estimated:
        parts.append(f"estimated edition (dates projected from history): x {m.estimated_discount}")
    if p.submit:
        formula += f" x {m.no_deadline_factor} if no paper deadline is known (submit mode)"
        if math.isnan(days):
            parts.append("no upcoming paper deadline known")
        else:
            parts.append(f"paper deadline in {math.floor(days)} days, you need {p.prep_days:.0f}")
    inputs = {
        "window_share": round(share, 4),
        "estimated": estimated,
        "mode": "submit" if p.submit else "attend",
        "paper_deadline_in_days": _num(days, 1),
        "prep_days": p.prep_days if p.submit else None,
    }
    if ev.lead is not None:
        formula += f" x lead factor min(1, (spare days + 1) / {m.decide_days + 1:g}), 0 when too close"
        lead_part, lead_inputs = _lead(ev.lead, f, m, row)
        parts.append(lead_part)
        inputs.update(lead_inputs)
    reason = drop_reason(r, p, row)
    if reason:
        parts.append(f"not recommended: {reason}")
    return formula, "; ".join(parts), inputs


def _lead(lead: Lead, f: EditionFeatures, m: ModelParams, row: int) -> tuple[str, dict[str, Any]]:
    """``starts in 5 days; needs 9 ahead (...): too close to reach``, and the numbers."""
    visa = float(lead.visa[row])
    known = f.visa_days is not None and not math.isnan(f.visa_days[row])
    trip = TRIP_NAMES[int(lead.trip_kind[row])]
    inputs: dict[str, Any] = {
        "days_to_start": _num(float(lead.to_start[row]), 1),
        "trip": trip,
        "registration_days": m.registration_days,
        "booking_days": float(lead.booking[row]),
        "visa_days": visa if known and not math.isinf(visa) else None,
        "lead_days": None if math.isinf(visa) else float(lead.days[row]),
        "reachable": bool(lead.reachable[row]),
    }
    if math.isinf(visa):
        return "no admission on your passports: the trip cannot be made (see the visa line)", inputs
    booking = f"{trip} {lead.booking[row]:g}"
    if f.visa_days is None:
        steps = f"registration {m.registration_days:g} + {booking}; no passport given: visa not considered"
    elif math.isnan(f.visa_days[row]):
        steps = f"registration {m.registration_days:g} + {booking}; visa not known for this place"
    else:
        steps = f"registration {m.registration_days:g} + max({booking}, visa {visa:g})"
    needs = f"needs {lead.days[row]:g} days ahead ({steps})"
    to_start = float(lead.to_start[row])
    if math.isnan(to_start):
        return needs, inputs
    starts = f"starts in {to_start:.0f} days, {needs}"
    if not lead.reachable[row]:
        return f"{starts}: too close to reach (ranked after the reachable ones)", inputs
    return f"{starts}: {float(lead.spare[row]):.0f} days to spare (full from {m.decide_days:g})", inputs


def _location(
    r: Ranking,
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    row: int,
    vocab: Sequence[str],
    interests: Sequence[str],
    money: Money,
) -> _Built:
    ev = r.evaluation
    distance = float(ev.distance_km[row])
    hours = float(ev.travel_hours[row])
    same_country = bool(f.country[row] == p.country and f.country[row] >= 0)
    same_region = bool(f.region[row] == p.region and f.region[row] >= 0)
    mode = MODE_NAMES[int(f.mode[row])]
    base = 1 - m.same_country_bonus - m.same_region_bonus
    formula = (
        f"{base:.2f} x exp(-travel hours / {m.location_tau_hours}) + {m.same_country_bonus} same country"
        f" + {m.same_region_bonus} same region; a virtual/hybrid option you accept counts {m.virtual_credit}"
    )
    expected = ev.place_expected is not None and bool(ev.place_expected[row])
    if expected:
        assert ev.distance_range is not None and f.past is not None
        near, far = (float(x) for x in ev.distance_range[row])
        places = int((f.past.weights[int(f.past.history[row])] > 0).sum())
        where = (
            f"place not announced: expected ~{distance:,.0f} km, the mean over the {places} places"
            f" its series met before ({near:,.0f}-{far:,.0f} km)"
        )
    elif math.isnan(distance):
        where = f"place not announced: assumed {m.unknown_distance_km:,.0f} km"
    else:
        where = f"{distance:,.0f} km"
    how = "by air" if ev.by_air[row] else "by rail/road"
    parts = [f"{where}, about {hours:.1f} h {how}"]
    if same_country:
        parts.append("same country")
    elif same_region:
        parts.append("same region")
    if mode != "in-person":
        accepted = "you accept virtual attendance" if p.virtual_ok else "you do not accept virtual"
        parts.append(f"{mode}: {accepted}")
    inputs: dict[str, Any] = {
        "distance_km": _num(distance, 0),
        "travel_hours": round(hours, 2),
        "by_air": bool(ev.by_air[row]),
        "same_country": same_country,
        "same_region": same_region,
        "mode": mode,
        "virtual_ok": p.virtual_ok,
        "in_person_score": round(float(ev.in_person_location[row]), 4),
    }
    if expected and ev.distance_range is not None:
        inputs["place_expected"] = True
        inputs["distance_range_km"] = [round(float(x)) for x in ev.distance_range[row]]
    return formula, "; ".join(parts), inputs


def _cost(
    r: Ranking,
    f: EditionFeatures,
    p: PersonFeatures,
    m: ModelParams,
    row: int,
    vocab: Sequence[str],
    interests: Sequence[str],
    money: Money,
) -> _Built:
    ev = r.evaluation
    total = float(ev.total_cost[row])
    if math.isnan(p.budget):
        formula = f"1 / (1 + cost / {money(m.cost_reference)}) (no budget given)"
        verdict = "no budget given"
    else:
        formula = f"r = cost / budget; 1 - r/2 if r <= 1, else 0.5 x exp(-{m.over_budget_steepness}(r - 1))"
        ratio = total / p.budget
        verdict = f"{ratio:.0%} of your budget {money(p.budget)}"
        if ratio > 1:
            verdict += " (over budget)"
    if ev.virtual_plan[row]:
        plan = f"attending remotely: registration x {m.virtual_fee_factor}"
        parts = [f"{plan} = {money(ev.registration_cost[row])}"]
    else:
        plan = "going there"
        parts = [
            f"registration {money(ev.registration_cost[row])}",
            f"travel {money(ev.travel_cost[row])} round trip",
            f"{ev.nights[row]:.0f} nights x {money(f.night_cost[row])} = {money(ev.lodging_cost[row])}",
        ]
    reason = f"~{money(total)} ({' + '.join(parts)}); {verdict}"
    spread = None
    if ev.place_expected is not None and ev.place_expected[row] and ev.cost_range is not None:
        spread = [round(float(x), 2) for x in ev.cost_range[row]]
        low, high = ev.cost_range[row]
        reason += f"; place not announced: {money(low)} to {money(high)} over its series' past places"
    inputs: dict[str, Any] = {
        "plan": "virtual" if ev.virtual_plan[row] else "in person",
        "registration_eur": round(float(ev.registration_cost[row]), 2),
        "travel_eur": round(float(ev.travel_cost[row]), 2),
        "nights": float(ev.nights[row]),
        "night_cost_eur": round(float(f.night_cost[row]), 2),
        "lodging_eur": round(float(ev.lodging_cost[row]), 2),
        "total_eur": round(total, 2),
        "budget_eur": _num(p.budget, 2),
    }
    if spread is not None:
        inputs["cost_range_eur"] = spread
    return formula, reason, inputs
