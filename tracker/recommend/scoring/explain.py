"""Explanations: for one edition, each criterion's inputs, formula, score and contribution.

The numbers come from the same vectorised evaluation that ranked the edition (no second
implementation of the formulas), so an explanation can never disagree with the ranking;
the contributions of the five criteria add up to the total.

Formulas and reasons are :class:`~tracker.i18n.Message` values: English as text (what
``--json`` writes), and a template with its values that the CLI shows in the person's
language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.i18n import N_, Joined, Message
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
    formula: str  # a Message or Joined: English as text, translated where shown
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
        return Message(N_("already begun or over: past editions are never recommended"))
    if code == Drop.NO_DATES:
        return Message(N_("no dates known"))
    if code == Drop.OUTSIDE_WINDOW:
        return Message(N_("entirely outside your availability window"))
    if code == Drop.DEADLINE_PASSED:
        return Message(N_("every paper deadline has passed (submit mode)"))
    if code == Drop.DEADLINE_TOO_CLOSE:
        return _deadline_in(days, person.prep_days)
    if code == Drop.VIRTUAL_NOT_ACCEPTED:
        return Message(N_("virtual only, and you do not accept virtual attendance"))
    if code == Drop.OFF_TOPIC:
        score = float(ranking.evaluation.scores[row, 0])
        return Message(
            N_("off your topics (topic score {score:.2f} is below the on-topic threshold; --all shows it)"),
            score=score,
        )
    if code == Drop.SHOWN_WITH_PARENT:
        return Message(N_("a track of a conference in this list: shown on that edition's row"))
    return Message(N_("over your budget (--within-budget)"))


def _deadline_in(days: float, prep_days: float) -> Message:
    return Message(
        N_("paper deadline in {days} days, you need {prep_days:.0f}"),
        days=math.floor(days),
        prep_days=prep_days,
    )


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

# The trips', modes' and plans' names (TRIP_NAMES, MODE_NAMES: --json's words), for the catalog.
PLACE_WORDS = (
    N_("commute"),
    N_("rail/road trip"),
    N_("flight within the continent"),
    N_("intercontinental flight"),
    N_("in-person"),
    N_("hybrid"),
    N_("virtual"),
    N_("in person"),  # a plan: in person | virtual
)


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
    formula = Message(
        N_(
            "coverage x focus^{exponent:g}: coverage = mean over your interests of the best credit"
            " among the edition's topics; focus = share of its specific topics relevant to you"
        ),
        exponent=m.focus_exponent,
    )
    if not interests:
        reason = Message(N_("no interests given: every edition counts as on-topic"))
        return formula, reason, {"edition_topics": present}
    matches: dict[str, dict[str, Any]] = {}
    for i, interest in enumerate(interests):
        specific = np.ones(len(vocab), dtype=bool) if p.topic_specific is None else p.topic_specific
        column = p.interest_credit[:, i] * f.topics[row] * specific
        best = int(np.argmax(column))
        credit = float(column[best])
        matches[interest] = {"credit": round(credit, 3), "via": vocab[best] if credit > 0 else None}
    parts = [
        Message(
            N_("{interest} <- {via} ({credit:.2f})"), interest=name, via=str(hit["via"]), credit=hit["credit"]
        )
        if hit["via"]
        else Message(N_("{interest} no match ({credit:.2f})"), interest=name, credit=hit["credit"])
        for name, hit in matches.items()
    ]
    formula = Message(
        N_("{formula} (same topic 1, narrower topic/parent/sibling partial, see data/recommend/weights.yml)"),
        formula=formula,
    )
    ev = r.evaluation
    coverage, focus = float(ev.coverage[row]), float(ev.focus[row])
    parts.append(Message(N_("coverage {coverage:.2f}, focus {focus:.2f}"), coverage=coverage, focus=focus))
    inputs = {"edition_topics": present, "interests": matches, "coverage": round(coverage, 3)}
    inputs["focus"] = round(focus, 3)
    return formula, Joined(parts, N_("; ")), inputs


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
    formula = Message(N_("confidence x composite + (1 - confidence) x prior {prior}"), prior=m.quality_prior)
    if math.isnan(q):
        reason = Message(N_("no quality signal: the prior {prior} is used"), prior=m.quality_prior)
    else:
        reason = Message(
            N_("composite {composite:.2f} with confidence {confidence:.2f}"), composite=q, confidence=c
        )
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
    # The formula's factors, each a phrase of its own: "share ... x 0.8 if estimated x ...".
    formula = [
        Message(N_("share of the conference days inside your window")),
        Message(N_(" x {discount} if estimated"), discount=m.estimated_discount),
    ]
    parts: list[str] = [Message(N_("{share:.0%} of its days in your window"), share=share)]
    if estimated:
        parts.append(
            Message(
                N_("estimated edition (dates projected from history): x {discount}"),
                discount=m.estimated_discount,
            )
        )
    if p.submit:
        formula.append(
            Message(
                N_(" x {factor} if no paper deadline is known (submit mode)"), factor=m.no_deadline_factor
            )
        )
        if math.isnan(days):
            parts.append(Message(N_("no upcoming paper deadline known")))
        else:
            parts.append(_deadline_in(days, p.prep_days))
    inputs = {
        "window_share": round(share, 4),
        "estimated": estimated,
        "mode": "submit" if p.submit else "attend",
        "paper_deadline_in_days": _num(days, 1),
        "prep_days": p.prep_days if p.submit else None,
    }
    if ev.lead is not None:
        formula.append(
            Message(
                N_(" x lead factor min(1, (spare days + 1) / {days:g}), 0 when too close"),
                days=m.decide_days + 1,
            )
        )
        lead_part, lead_inputs = _lead(ev.lead, f, m, row)
        parts.append(lead_part)
        inputs.update(lead_inputs)
    reason = drop_reason(r, p, row)
    if reason:
        parts.append(Message(N_("not recommended: {reason}"), reason=reason))
    return Joined(formula, ""), Joined(parts, N_("; ")), inputs


def _lead(lead: Lead, f: EditionFeatures, m: ModelParams, row: int) -> tuple[Message, dict[str, Any]]:
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
        return Message(
            N_("no admission on your passports: the trip cannot be made (see the visa line)")
        ), inputs
    booking = Message(N_("{trip} {days:g}"), trip=Message(trip), days=lead.booking[row])
    registration = m.registration_days
    if f.visa_days is None:
        template = N_("registration {registration:g} + {booking}; no passport given: visa not considered")
        steps = Message(template, registration=registration, booking=booking)
    elif math.isnan(f.visa_days[row]):
        template = N_("registration {registration:g} + {booking}; visa not known for this place")
        steps = Message(template, registration=registration, booking=booking)
    else:
        template = N_("registration {registration:g} + max({booking}, visa {visa:g})")
        steps = Message(template, registration=registration, booking=booking, visa=visa)
    needs = Message(N_("needs {days:g} days ahead ({steps})"), days=lead.days[row], steps=steps)
    to_start = float(lead.to_start[row])
    if math.isnan(to_start):
        return needs, inputs
    starts = Message(N_("starts in {days:.0f} days, {needs}"), days=to_start, needs=needs)
    if not lead.reachable[row]:
        return Message(
            N_("{starts}: too close to reach (ranked after the reachable ones)"), starts=starts
        ), inputs
    template = N_("{starts}: {spare:.0f} days to spare (full from {decide:g})")
    return Message(template, starts=starts, spare=float(lead.spare[row]), decide=m.decide_days), inputs


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
    formula = Message(
        N_(
            "{base:.2f} x exp(-travel hours / {tau}) + {country} same country"
            " + {region} same region; a virtual/hybrid option you accept counts {virtual}"
        ),
        base=base,
        tau=m.location_tau_hours,
        country=m.same_country_bonus,
        region=m.same_region_bonus,
        virtual=m.virtual_credit,
    )
    expected = ev.place_expected is not None and bool(ev.place_expected[row])
    if expected:
        assert ev.distance_range is not None and f.past is not None
        near, far = (float(x) for x in ev.distance_range[row])
        places = int((f.past.weights[int(f.past.history[row])] > 0).sum())
        template = N_(
            "place not announced: expected ~{distance:,.0f} km, the mean over the {places} places"
            " its series met before ({near:,.0f}-{far:,.0f} km)"
        )
        where = Message(template, distance=distance, places=places, near=near, far=far)
    elif math.isnan(distance):
        where = Message(N_("place not announced: assumed {distance:,.0f} km"), distance=m.unknown_distance_km)
    else:
        where = Message(N_("{distance:,.0f} km"), distance=distance)
    how = Message(N_("by air") if ev.by_air[row] else N_("by rail/road"))
    parts = [Message(N_("{where}, about {hours:.1f} h {how}"), where=where, hours=hours, how=how)]
    if same_country:
        parts.append(Message(N_("same country")))
    elif same_region:
        parts.append(Message(N_("same region")))
    if mode != "in-person":
        accepted = Message(
            N_("you accept virtual attendance") if p.virtual_ok else N_("you do not accept virtual")
        )
        parts.append(Message(N_("{mode}: {accepted}"), mode=Message(mode), accepted=accepted))
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
    return formula, Joined(parts, N_("; ")), inputs


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
        formula = Message(
            N_("1 / (1 + cost / {reference}) (no budget given)"), reference=money(m.cost_reference)
        )
        verdict = Message(N_("no budget given"))
    else:
        formula = Message(
            N_("r = cost / budget; 1 - r/2 if r <= 1, else 0.5 x exp(-{steepness}(r - 1))"),
            steepness=m.over_budget_steepness,
        )
        ratio = total / p.budget
        template = (
            N_("{ratio:.0%} of your budget {budget} (over budget)")
            if ratio > 1
            else N_("{ratio:.0%} of your budget {budget}")
        )
        verdict = Message(template, ratio=ratio, budget=money(p.budget))
    if ev.virtual_plan[row]:
        template = N_("attending remotely: registration x {factor} = {registration}")
        parts = [
            Message(template, factor=m.virtual_fee_factor, registration=money(ev.registration_cost[row]))
        ]
    else:
        parts = [
            Message(N_("registration {amount}"), amount=money(ev.registration_cost[row])),
            Message(N_("travel {amount} round trip"), amount=money(ev.travel_cost[row])),
            Message(
                N_("{nights:.0f} nights x {night} = {lodging}"),
                nights=ev.nights[row],
                night=money(f.night_cost[row]),
                lodging=money(ev.lodging_cost[row]),
            ),
        ]
    reason = Message(
        N_("~{total} ({parts}); {verdict}"), total=money(total), parts=Joined(parts, " + "), verdict=verdict
    )
    spread = None
    if ev.place_expected is not None and ev.place_expected[row] and ev.cost_range is not None:
        spread = [round(float(x), 2) for x in ev.cost_range[row]]
        low, high = ev.cost_range[row]
        template = N_("{reason}; place not announced: {low} to {high} over its series' past places")
        reason = Message(template, reason=reason, low=money(low), high=money(high))
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
