"""The five criteria on hand-built editions: each rule, its reason and its numbers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.recommend.kernel_data import MODEL, TODAY, edition, person, stack
from tracker.recommend.scoring import CRITERIA, Drop, evaluate, normalise_weights, score
from tracker.recommend.scoring.criteria import haversine_km
from tracker.recommend.scoring.explain import drop_reason, explain

TOPIC, QUALITY, TIME, LOCATION, COST = range(5)


def test_haversine_gives_the_published_great_circle_distances_from_berlin() -> None:
    # Paris, Sydney, New York; great-circle distances from Berlin as published (about 878,
    # 16,090 and 6,385 km).
    lat, lon = np.array([48.8566, -33.87, 40.71]), np.array([2.3522, 151.21, -74.0])
    assert np.allclose(haversine_km(lat, lon, 52.52, 13.405), [878, 16_090, 6_385], rtol=0.005)


def test_topic_credit_is_the_best_match_averaged_over_interests() -> None:
    credit = np.zeros((6, 2))
    credit[0, 0], credit[1, 0], credit[2, 1] = 1.0, 0.5, 0.25
    topics = np.array([[False, True, True, False, False, False]])
    ev = evaluate(edition(topics=topics), person(interest_credit=credit), MODEL)
    assert ev.interest_match.tolist() == [[0.5, 0.25]]
    # Coverage (0.5 + 0.25) / 2; focus: of the edition's two topics one is relevant (credit
    # 0.5 or more), so the score is 0.375 x (1/2) ** 0.5.
    assert ev.coverage[0] == pytest.approx(0.375) and ev.focus[0] == pytest.approx(0.5)
    assert ev.scores[0, TOPIC] == pytest.approx(0.375 * 0.5**MODEL.focus_exponent)


def test_a_venue_named_after_the_interest_is_focused_on_it_and_a_catch_all_earns_nothing() -> None:
    credit = np.zeros((6, 1))
    credit[0, 0], credit[5, 0] = 1.0, 0.5  # topic 5: the catch-all parent of the interest
    many = np.array([[True, True, True, True, False, True]])  # the interest among four other tags
    specific = np.array([True] * 5 + [False])
    p = person(interest_credit=credit, topic_specific=specific)
    plain = evaluate(edition(topics=many), p, MODEL)
    assert plain.focus[0] == pytest.approx(1 / 4)  # the catch-all neither counts nor dilutes
    named = evaluate(edition(topics=many, named=np.array([[True] + [False] * 5])), p, MODEL)
    assert named.focus[0] == 1.0 and named.scores[0, TOPIC] == 1.0
    only_the_catch_all = evaluate(edition(topics=np.array([[False] * 5 + [True]])), p, MODEL)
    assert only_the_catch_all.scores[0, TOPIC] == 0.0
    assert only_the_catch_all.drop[0] == Drop.OFF_TOPIC


def test_quality_is_shrunk_toward_the_prior_by_missing_confidence() -> None:
    f = stack(
        edition(quality=[1.0], quality_confidence=[0.25]), edition(quality=[np.nan], quality_confidence=[0])
    )
    ev = evaluate(f, person(), MODEL)
    assert ev.scores[0, QUALITY] == pytest.approx(0.25 * 1.0 + 0.75 * MODEL.quality_prior)
    assert ev.scores[1, QUALITY] == pytest.approx(MODEL.quality_prior)


def test_time_is_the_share_of_days_inside_the_window_and_estimates_are_discounted() -> None:
    # Far enough ahead that the lead time leaves the time score whole.
    f = stack(
        edition(start=[TODAY + 100], end=[TODAY + 103]),
        edition(start=[TODAY + 100], end=[TODAY + 103], estimated=[True]),
        edition(start=[TODAY + 140], end=[TODAY + 144]),
    )
    ev = evaluate(f, person(window_start=TODAY + 102, window_end=TODAY + 130), MODEL)
    assert ev.window_share.tolist() == [0.5, 0.5, 0.0]
    assert ev.scores[0, TIME] == pytest.approx(0.5)
    assert ev.scores[1, TIME] == pytest.approx(0.5 * MODEL.estimated_discount)
    assert ev.drop.tolist() == [Drop.KEPT, Drop.KEPT, Drop.OUTSIDE_WINDOW]


def test_started_editions_are_never_recommended() -> None:
    f = stack(edition(start=[TODAY - 1], end=[TODAY + 2]), edition())
    ranking = score(f, person(), MODEL, {"topic": 1})
    assert ranking.order.tolist() == [1]
    assert "past editions are never recommended" in (drop_reason(ranking, person(), 0) or "")


def test_submit_mode_drops_a_deadline_that_leaves_too_little_preparation() -> None:
    f = stack(
        edition(paper_deadline=[TODAY + 12.5]),
        edition(paper_deadline=[TODAY + 90]),
        edition(paper_deadline_passed=[True]),
        edition(),  # no paper deadline known
    )
    p = person(submit=True, prep_days=60.0)
    ranking = score(f, p, MODEL, {"time": 1})
    assert ranking.evaluation.drop.tolist() == [
        Drop.DEADLINE_TOO_CLOSE,
        Drop.KEPT,
        Drop.DEADLINE_PASSED,
        Drop.KEPT,
    ]
    assert drop_reason(ranking, p, 0) == "paper deadline in 12 days, you need 60"
    assert ranking.evaluation.scores[3, TIME] == pytest.approx(MODEL.no_deadline_factor)
    # The same editions in attend mode: deadlines do not matter.
    assert score(f, person(), MODEL, {"time": 1}).order.size == 4


def test_location_falls_with_travel_time_and_rewards_same_country_and_region() -> None:
    near = edition(latitude=[52.40], longitude=[13.06], country=[0], region=[0])  # Potsdam
    far = edition(latitude=[40.71], longitude=[-74.0], country=[5], region=[3])  # New York
    abroad = edition(latitude=[52.40], longitude=[13.06], country=[5], region=[3])
    ev = evaluate(stack(near, far, abroad), person(), MODEL)
    assert ev.scores[0, LOCATION] > ev.scores[1, LOCATION]
    assert ev.scores[0, LOCATION] - ev.scores[2, LOCATION] == pytest.approx(
        MODEL.same_country_bonus + MODEL.same_region_bonus
    )
    assert not ev.by_air[0] and ev.by_air[1]
    assert ev.nights[0] == 0  # within commuting distance: no hotel


def test_virtual_attendance_counts_only_when_accepted() -> None:
    virtual = edition(mode=[2], latitude=[np.nan], longitude=[np.nan])
    hybrid = edition(mode=[1], latitude=[40.71], longitude=[-74.0])
    f = stack(virtual, hybrid)
    refused = score(f, person(), MODEL, {"location": 1})
    assert refused.evaluation.drop.tolist() == [Drop.VIRTUAL_NOT_ACCEPTED, Drop.KEPT]
    accepted = score(f, person(virtual_ok=True, budget=500.0), MODEL, {"location": 1})
    ev = accepted.evaluation
    assert ev.drop.tolist() == [Drop.KEPT, Drop.KEPT]
    assert ev.scores[:, LOCATION].tolist() == [MODEL.virtual_credit, MODEL.virtual_credit]
    # Far away on a small budget: the hybrid edition is costed as remote attendance.
    assert ev.virtual_plan.tolist() == [True, True]
    assert ev.total_cost[1] == pytest.approx(600.0 * MODEL.virtual_fee_factor)


def test_cost_adds_registration_travel_and_nights_and_compares_with_budget() -> None:
    f = edition(latitude=[48.85], longitude=[2.35], start=[TODAY + 100], end=[TODAY + 102])
    ev = evaluate(f, person(budget=2000.0), MODEL)
    assert ev.nights[0] == 4  # three days + the night before
    assert ev.total_cost[0] == pytest.approx(600 + ev.travel_cost[0] + 4 * 150)
    assert ev.scores[0, COST] == pytest.approx(1 - 0.5 * ev.total_cost[0] / 2000)
    over = evaluate(f, person(budget=ev.total_cost[0] / 2), MODEL)
    assert over.scores[0, COST] == pytest.approx(0.5 * np.exp(-MODEL.over_budget_steepness))
    dropped = score(f, person(budget=ev.total_cost[0] / 2), MODEL, {"cost": 1}, within_budget=True)
    assert dropped.order.size == 0 and dropped.evaluation.drop[0] == Drop.OVER_BUDGET


def test_no_interests_means_every_edition_is_on_topic() -> None:
    ev = evaluate(edition(), person(interest_credit=np.zeros((6, 0))), MODEL)
    assert ev.scores[0, TOPIC] == 1.0


def test_weights_are_normalised_and_validated() -> None:
    assert normalise_weights({"topic": 3, "cost": 1}).tolist() == [0.75, 0, 0, 0, 0.25]
    for bad in ({"topic": -1}, {"topic": 0}, {"colour": 1}):
        with pytest.raises(ValueError):
            normalise_weights(bad)


def test_explanation_names_inputs_formula_and_contribution() -> None:
    p = replace(person(budget=3000.0), submit=True, prep_days=30.0)
    f = edition(paper_deadline=[TODAY + 45])
    ranking = score(f, p, MODEL, {"topic": 3, "quality": 2, "time": 1, "location": 1, "cost": 2})
    parts = explain(ranking, f, p, MODEL, 0, vocabulary=[f"t{i}" for i in range(6)], interests=["t0"])
    by_name = {e.criterion: e for e in parts}
    assert list(by_name) == list(CRITERIA)
    assert by_name["topic"].inputs["interests"]["t0"] == {"credit": 1.0, "via": "t0"}
    assert "paper deadline in 45 days, you need 30" in by_name["time"].reason
    assert by_name["cost"].inputs["total_eur"] == pytest.approx(
        float(ranking.evaluation.total_cost[0]), abs=0.01
    )
    assert all(e.formula for e in parts)
    assert sum(e.contribution for e in parts) == pytest.approx(ranking.total[0])


def test_a_place_not_announced_is_expected_at_the_mean_of_the_series_past_places() -> None:
    from tracker.recommend.scoring.features import PastPlaces

    # Met twice in Paris and once in New York; the 2027 edition has no place yet.
    past = PastPlaces(
        history=np.array([0]),
        weights=np.array([[2 / 3, 1 / 3]]),
        latitude=np.array([48.8566, 40.71]),
        longitude=np.array([2.3522, -74.0]),
        country=np.array([1, 2]),
        region=np.array([0, 1]),
    )
    f = replace(edition(latitude=[np.nan], longitude=[np.nan], country=[-1], region=[-1]), past=past)
    each = haversine_km(past.latitude, past.longitude, 52.52, 13.40)
    from_berlin = evaluate(f, person(), MODEL)
    assert from_berlin.place_expected is not None and from_berlin.place_expected.tolist() == [True]
    assert from_berlin.distance_km[0] == pytest.approx(2 / 3 * each[0] + 1 / 3 * each[1])
    assert from_berlin.distance_range is not None and from_berlin.cost_range is not None
    assert from_berlin.distance_range[0].tolist() == pytest.approx(sorted(each))
    low, high = from_berlin.cost_range[0]
    assert low < from_berlin.total_cost[0] < high
    # Two thirds of its history in the home's region: two thirds of the region bonus.
    paris = evaluate(edition(latitude=[48.86], longitude=[2.35], country=[1], region=[0]), person(), MODEL)
    assert from_berlin.in_person_location[0] < paris.in_person_location[0]
    from_new_york = evaluate(f, person(latitude=40.71, longitude=-74.0, region=1), MODEL)
    assert from_new_york.distance_km[0] != pytest.approx(from_berlin.distance_km[0])
    ranking = score(f, person(), MODEL, {"location": 1})
    text = explain(ranking, f, person(), MODEL, 0, vocabulary=[f"t{v}" for v in range(6)], interests=["i0"])
    assert "mean over the 2 places" in next(e.reason for e in text if e.criterion == "location")
