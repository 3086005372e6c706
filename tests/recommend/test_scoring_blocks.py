"""Scoring in blocks gives the whole catalog's ranking: every row's scores are its own.

``tracker recommend`` scores a large catalog ``BLOCK`` rows at a time and evaluates only the
rows it shows in full again; both must agree, bit for bit, with one evaluation of everything
(the bundled catalog, with blocks far smaller than it so that it has many boundaries).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from tracker.recommend.candidates import load_candidates
from tracker.recommend.engine import person_features
from tracker.recommend.model import model_params
from tracker.recommend.profile import Home, Profile
from tracker.recommend.scoring import evaluate, score, score_in_blocks

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)  # the tests' pinned now
WEIGHTS = {"topic": 0.35, "quality": 0.2, "time": 0.15, "location": 0.15, "cost": 0.15}


def test_blocks_of_the_bundled_catalog_rank_it_as_one_evaluation_does(db_url: str) -> None:
    from tracker import db

    profile = Profile(home=Home("Sydney", "Sydney", "AU", -33.87, 151.21), interests=("machine-learning",))
    with db.session() as session:
        candidates = load_candidates(session, now=NOW, student=False)
    person, features = person_features(profile, candidates, NOW)
    model = model_params()
    assert features.past is not None and (features.past.history >= 0).any(), "some places are expected"
    for rules in ({}, {"keep_off_topic": True, "within_budget": True}):
        whole = score(features, person, model, WEIGHTS, **rules)
        blocks = score_in_blocks(features, person, model, WEIGHTS, block=7, **rules)
        assert blocks.order.tolist() == whole.order.tolist()
        assert np.array_equal(blocks.total, whole.total)
        assert np.array_equal(blocks.drop, whole.evaluation.drop)
        # A few rows on their own, with only the past places' histories they use.
        rows = np.flatnonzero(features.past.history >= 0)[:5]
        alone = evaluate(features.block(rows), person, model, **rules)
        assert np.array_equal(alone.scores, whole.evaluation.scores[rows])
        assert alone.distance_range is not None and whole.evaluation.distance_range is not None
        assert np.array_equal(alone.distance_range, whole.evaluation.distance_range[rows])
