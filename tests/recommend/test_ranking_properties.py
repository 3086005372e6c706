"""Properties of the real ranking: the bundled catalog's editions, as `tracker recommend` reads
them, scored by the real kernel for people drawn by hypothesis.

The catalog is read once per test (a real SQLite file, real migrations and seed); hypothesis
then varies the person (budget, home) or one edition's profile, and the ranking must move
only the way a person would expect.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.recommend.candidates import Candidates, load_candidates
from tracker.recommend.engine import person_features
from tracker.recommend.model import model_params
from tracker.recommend.profile import Home, Profile
from tracker.recommend.scoring import CRITERIA, EditionFeatures, PersonFeatures, evaluate, score
from tracker.recommend.scoring.criteria import haversine_km

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)  # the tests' pinned now
BERLIN = Home("Berlin", "Berlin", "DE", 52.52, 13.41)
WEIGHTS = {"topic": 0.35, "quality": 0.2, "time": 0.15, "location": 0.15, "cost": 0.15}
INTERESTS = ("machine-learning", "nlp", "computer-vision", "robotics", "data-mining", "hci", "speech")
TOPIC, LOCATION, COST = CRITERIA.index("topic"), CRITERIA.index("location"), CRITERIA.index("cost")
EXAMPLES = settings(max_examples=40, deadline=None)


def real(
    interests: tuple[str, ...], student: bool = False
) -> tuple[Candidates, PersonFeatures, EditionFeatures]:
    from tracker import db

    profile = Profile(home=BERLIN, interests=interests, student=student)
    with db.session() as session:
        candidates = load_candidates(session, now=NOW, student=student)
    person, features = person_features(profile, candidates, NOW)
    return candidates, person, features


def with_copy(f: EditionFeatures, row: int, **changes: np.ndarray) -> EditionFeatures:
    """The editions plus one more: a copy of ``row`` with some of its columns changed."""
    rows = np.append(np.arange(len(f)), row)
    more = f.take(rows)
    appended: dict[str, Any] = {k: np.append(getattr(f, k), v) for k, v in changes.items()}
    return replace(more, **appended)


def test_a_higher_budget_never_makes_a_cheaper_edition_rank_below_a_dearer_twin(db_url: str) -> None:
    """Two editions equal in all but cost: the cheaper ranks above the dearer at any budget,
    and raising the budget never changes that."""
    _, person, f = real(("machine-learning",))
    model = model_params()

    @EXAMPLES
    @given(st.integers(0, len(f) - 1), st.floats(1, 3000), st.floats(200, 8000), st.floats(0, 20_000))
    def check(row: int, dearer_by: float, budget: float, more: float) -> None:
        twins = with_copy(f, row, registration=np.array([f.registration[row] + dearer_by]))
        cheap, dear = row, len(twins) - 1
        for b in (budget, budget + more):
            ranking = score(twins, replace(person, budget=b), model, WEIGHTS, keep_off_topic=True)
            position = {int(r): i for i, r in enumerate(ranking.order)}
            if cheap in position:
                assert dear in position and position[cheap] < position[dear], (b, row)
            costs = ranking.evaluation.scores[:, COST]
            assert costs[cheap] >= costs[dear]

    check()


def test_a_higher_budget_never_lowers_any_real_editions_cost_score(db_url: str) -> None:
    _, person, f = real(("nlp",), student=True)
    model = model_params()

    @EXAMPLES
    @given(st.floats(200, 8000), st.floats(0, 20_000))
    def check(budget: float, more: float) -> None:
        low = evaluate(f, replace(person, budget=budget), model).scores[:, COST]
        high = evaluate(f, replace(person, budget=budget + more), model).scores[:, COST]
        assert np.all(high >= low - 1e-12)

    check()


def test_adding_an_interest_to_a_real_venues_topics_never_lowers_its_topic_score(db_url: str) -> None:
    candidates, person, f = real(INTERESTS[:3])
    model = model_params()
    vocabulary = candidates.vocabulary
    own = [vocabulary.index(t) for t in INTERESTS[:3] if t in vocabulary]
    assert own, "the persona's interests are in the vocabulary"

    @EXAMPLES
    @given(st.integers(0, len(f) - 1), st.sampled_from(own))
    def check(row: int, topic: int) -> None:
        tagged = f.topics.copy()
        tagged[row, topic] = True
        before = evaluate(f, person, model, keep_off_topic=True).scores[row, TOPIC]
        after = evaluate(replace(f, topics=tagged), person, model, keep_off_topic=True).scores[row, TOPIC]
        assert after >= before - 1e-12, (candidates.keys[row], vocabulary[topic])

    check()


def test_a_closer_home_never_lowers_a_real_editions_location_score(db_url: str) -> None:
    """Same country and region codes, another point on the map: where the new home is nearer
    the edition (for a place not announced: nearer every place its series met), the location
    score does not fall."""
    _, person, f = real(("machine-learning",))
    model = model_params()
    past = f.past
    assert past is not None
    before = evaluate(f, person, model)

    @EXAMPLES
    @given(st.floats(-70, 70), st.floats(-180, 180))
    def check(lat: float, lon: float) -> None:
        moved = replace(person, latitude=lat, longitude=lon)
        after = evaluate(f, moved, model)
        known = ~np.isnan(f.latitude)
        old_d = haversine_km(f.latitude, f.longitude, person.latitude, person.longitude)
        new_d = haversine_km(f.latitude, f.longitude, lat, lon)
        old_p = haversine_km(past.latitude, past.longitude, person.latitude, person.longitude)
        new_p = haversine_km(past.latitude, past.longitude, lat, lon)
        there = past.weights > 0
        nearer_all = np.all(~there | (new_p[None, :] <= old_p[None, :]), axis=1)[np.maximum(past.history, 0)]
        expected = before.place_expected if before.place_expected is not None else np.zeros(len(f), bool)
        closer = np.where(known, new_d <= old_d, expected & nearer_all & (past.history >= 0))
        assert np.all(after.scores[closer, LOCATION] >= before.scores[closer, LOCATION] - 1e-12)

    check()
