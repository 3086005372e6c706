"""Lead time: an edition too close to reach is marked and ranked last, never scored as timely.

Going takes days before the start: registering, booking the journey and, where the passport
needs one, the visa (data/recommend/lead_times.yml, data/visa/lead_times.yml). The pinned
now of the bundled-catalog cases is moved to five days before ICML 2026 (Seoul, 6-11 July).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.conftest import Cli
from tests.recommend.kernel_data import MODEL, TODAY, edition, editions, people, person, stack
from tracker.recommend.scoring import CRITERIA, evaluate, score
from tracker.recommend.scoring.explain import explain

TIME = CRITERIA.index("time")
FIVE_DAYS_BEFORE_ICML_2026 = "2026-07-01T12:00:00Z"


def recommend(cli: Cli, *args: str) -> dict:
    r = cli("recommend", *args, "--all", "--limit", "1000", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_an_edition_five_days_away_is_out_of_reach_by_air_from_another_continent(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", FIVE_DAYS_BEFORE_ICML_2026)
    result = recommend(cli, "--home", "Berlin", "--interests", "machine-learning")
    icml = next(r for r in result["results"] if r["key"] == "icml2026")
    # Registering and a long-haul booking need more than five days: marked, and no time credit.
    assert icml["reachable"] is False
    assert icml["scores"]["time"] == 0.0
    assert icml["lead_days"] > 5 and icml["decide_by"] < icml["start_date"]
    # Listed after every edition that can still be reached.
    reachable = [r["reachable"] for r in result["results"]]
    assert reachable == sorted(reachable, reverse=True)
    assert result["results"][0]["reachable"] is True
    table = cli("recommend", "--home", "Berlin", "--interests", "machine-learning", "--limit", "1000")
    assert "too close" in table.out


def test_the_same_edition_is_within_reach_from_its_own_city(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", FIVE_DAYS_BEFORE_ICML_2026)
    result = recommend(cli, "--home", "Seoul", "--interests", "machine-learning")
    icml = next(r for r in result["results"] if r["key"] == "icml2026")
    assert icml["reachable"] is True and icml["scores"]["time"] > 0
    assert icml["lead_days"] <= 5


def test_why_explains_the_lead_time(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_NOW", FIVE_DAYS_BEFORE_ICML_2026)
    r = cli("recommend", "--home", "Berlin", "--interests", "machine-learning", "--why", "icml2026")
    assert r.code == 0, r.err
    assert "starts in 5 days" in r.out and "intercontinental flight" in r.out
    assert "too close to reach" in r.out


def test_no_admission_makes_an_edition_unreachable_whatever_its_date() -> None:
    f = stack(
        edition(start=[TODAY + 300], end=[TODAY + 303], visa_days=[np.inf]),
        edition(start=[TODAY + 300], end=[TODAY + 303], visa_days=[0.0]),
    )
    ranking = score(f, person(), MODEL, {"topic": 1, "time": 1})
    ev = ranking.evaluation
    assert ev.reachable.tolist() == [False, True]
    assert ev.scores[0, TIME] == 0.0 and ev.scores[1, TIME] == 1.0
    assert ranking.order.tolist() == [1, 0]
    parts = explain(ranking, f, person(), MODEL, 0, vocabulary=[f"t{v}" for v in range(6)], interests=["t0"])
    assert "no admission" in parts[TIME].reason


def test_a_visa_lead_pushes_the_last_day_to_decide_earlier() -> None:
    # 40 days before the start: a trip without a visa is comfortable, one with a 60-day visa is not.
    f = stack(
        edition(start=[TODAY + 40], end=[TODAY + 43], visa_days=[0.0]),
        edition(start=[TODAY + 40], end=[TODAY + 43], visa_days=[60.0]),
    )
    ev = evaluate(f, person(), MODEL)
    assert ev.reachable.tolist() == [True, False]
    assert ev.lead is not None and ev.lead.days.tolist()[1] == MODEL.registration_days + 60


@given(
    editions(),
    people(),
    st.integers(0, 400),
    st.data(),
)
def test_an_earlier_start_never_raises_the_time_score_nor_makes_it_reachable(f, p, earlier, data) -> None:
    # The same person without an availability window (a window can rightly favour earlier days).
    p = replace(p, window_start=float("nan"), window_end=float("nan"))
    visa = data.draw(
        hnp.arrays(np.float64, len(f), elements=st.sampled_from([0.0, 3.0, 7.0, 60.0, 120.0, np.inf, np.nan]))
    )
    later = replace(f, visa_days=visa)
    sooner = replace(later, start=later.start - earlier, end=later.end - earlier)
    a, b = evaluate(later, p, MODEL), evaluate(sooner, p, MODEL)
    assert np.all(b.scores[:, TIME] <= a.scores[:, TIME] + 1e-12)
    assert not np.any(b.reachable & ~a.reachable)
