"""Properties of the scoring kernel that must hold for any catalog and any person (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.recommend.kernel_data import MODEL, editions, people, weights
from tracker.recommend.scoring import CRITERIA, Drop, evaluate, score
from tracker.recommend.scoring.explain import explain

settings.register_profile("recommend", deadline=None, max_examples=100)
settings.load_profile("recommend")


@given(editions(), people(), weights, st.booleans())
def test_every_score_and_total_lies_in_unit_interval(f, p, w, within) -> None:
    ranking = score(f, p, MODEL, w, within_budget=within)
    assert ranking.evaluation.scores.shape == (len(f), len(CRITERIA))
    assert np.all((ranking.evaluation.scores >= 0) & (ranking.evaluation.scores <= 1))
    assert np.all((ranking.total >= 0) & (ranking.total <= 1))
    assert not np.isnan(ranking.evaluation.scores).any()


@given(editions(), people(), weights, st.data())
def test_explained_contributions_add_up_to_the_total(f, p, w, data) -> None:
    ranking = score(f, p, MODEL, w)
    row = data.draw(st.integers(0, len(f) - 1))
    vocab = [f"t{v}" for v in range(f.topics.shape[1])]
    interests = [f"i{i}" for i in range(p.interest_credit.shape[1])]
    parts = explain(ranking, f, p, MODEL, row, vocabulary=vocab, interests=interests)
    assert [e.criterion for e in parts] == list(CRITERIA)
    assert np.isclose(sum(e.contribution for e in parts), ranking.total[row], rtol=0, atol=1e-12)
    assert np.isclose(sum(e.weight for e in parts), 1.0, atol=1e-3)


@given(editions(), people(), st.floats(50, 10_000), st.floats(0, 10_000))
def test_a_larger_budget_never_lowers_a_cost_score(f, p, budget, more) -> None:
    low = evaluate(f, replace(p, budget=budget), MODEL).scores[:, CRITERIA.index("cost")]
    high = evaluate(f, replace(p, budget=budget + more), MODEL).scores[:, CRITERIA.index("cost")]
    assert np.all(high >= low - 1e-12)


@given(editions(), people(), st.floats(-80, 80), st.floats(-180, 180))
def test_moving_home_closer_never_lowers_a_location_score(f, p, lat, lon) -> None:
    # Two homes with the same country and region codes: only the distances differ.
    a, b = p, replace(p, latitude=lat, longitude=lon)
    ev_a, ev_b = evaluate(f, a, MODEL), evaluate(f, b, MODEL)
    k = CRITERIA.index("location")
    closer = np.nan_to_num(ev_a.distance_km, nan=0) <= np.nan_to_num(ev_b.distance_km, nan=0)
    assert np.all(ev_a.scores[closer, k] >= ev_b.scores[closer, k] - 1e-12)
    assert np.all(ev_b.scores[~closer, k] >= ev_a.scores[~closer, k] - 1e-12)


@given(editions(min_size=2), people(), weights, st.sampled_from(CRITERIA), st.floats(0.5, 20))
def test_raising_a_weight_never_lets_a_dominated_edition_overtake(f, p, w, criterion, extra) -> None:
    """B better on ``criterion`` and no worse elsewhere stays above A when that weight rises."""
    k = CRITERIA.index(criterion)
    raised = {**w, criterion: w[criterion] + extra}
    for weights_used in (w, raised):
        ranking = score(f, p, MODEL, weights_used)
        s = ranking.evaluation.scores
        position = np.full(len(f), -1)
        position[ranking.order] = np.arange(len(ranking.order))
        kept = ranking.evaluation.drop == Drop.KEPT
        better_on_k = s[:, None, k] > s[None, :, k] + 1e-9  # [b, a]: b better than a on k
        no_worse = np.all(s[:, None, :] >= s[None, :, :] - 1e-12, axis=2)
        pairs = np.argwhere(better_on_k & no_worse & kept[:, None] & kept[None, :])
        if weights_used is raised or w[criterion] > 0:
            for b, a in pairs:
                assert position[b] < position[a], (criterion, s[b], s[a])


@given(st.integers(2, 40), st.integers(0, 2**32 - 1))
def test_ties_are_broken_deterministically(n, seed) -> None:
    from tests.recommend.kernel_data import edition, person, stack

    rng = np.random.default_rng(seed)
    # Identical editions but for the start day: ties in total fall back to quality, then start, then row.
    rows = [edition(start=[20_600.0 + d], end=[20_600.0 + d]) for d in rng.integers(0, 3, n)]
    f = stack(*rows)
    one = score(f, person(), MODEL, {"topic": 1})
    two = score(f, person(), MODEL, {"topic": 1})
    assert one.order.tolist() == two.order.tolist()
    keys = list(zip(f.start[one.order], one.order, strict=True))
    assert keys == sorted(keys)


@given(editions(), people())
def test_topic_score_is_the_plain_definition(f, p) -> None:
    """Coverage (best credit per interest, averaged) x focus ** exponent, written out plainly:
    the vectorised path must agree."""
    from tracker.recommend.scoring.criteria import topic_scores

    topical = topic_scores(f, p, MODEL)
    best = topical["best"]
    n_interests: int = best.shape[1]
    specific = np.ones(len(p.interest_credit), bool) if p.topic_specific is None else p.topic_specific
    credit = p.interest_credit * specific[:, None]
    plain = np.array([[(f.topics[r] * credit[:, i]).max(initial=0.0) for i in range(n_interests)]
                      for r in range(len(f))]).reshape(best.shape)  # fmt: skip
    assert np.array_equal(best, plain)
    if not n_interests:
        assert np.allclose(topical["score"], 1.0)
        return
    relevant = specific & (credit.max(axis=1) >= MODEL.relevant_credit)
    for r in range(len(f)):
        tags = [v for v in range(len(specific)) if f.topics[r, v] and specific[v]]
        focus = sum(relevant[v] for v in tags) / len(tags) if tags else 1.0
        if f.named is not None and any(f.named[r, v] and relevant[v] for v in range(len(specific))):
            focus = 1.0
        assert np.isclose(topical["score"][r], plain[r].mean() * focus**MODEL.focus_exponent)


@given(editions(), people(), st.data())
def test_adding_a_topic_the_person_has_never_lowers_the_topic_score(f, p, data) -> None:
    """A venue that adds one of the person's own interests to its profile scores no lower."""
    from tracker.recommend.scoring.criteria import topic_scores

    if p.interest_credit.shape[1] == 0:
        return
    interest = data.draw(st.integers(0, p.interest_credit.shape[1] - 1))
    exact = np.flatnonzero(p.interest_credit[:, interest] >= 1.0)
    if len(exact) == 0:
        return
    v = int(exact[0])
    more = f.topics.copy()
    more[:, v] = True
    before = topic_scores(f, p, MODEL)["score"]
    after = topic_scores(replace(f, topics=more), p, MODEL)["score"]
    assert np.all(after >= before - 1e-12)
