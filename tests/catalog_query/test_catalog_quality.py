"""The quality composite: skipped signals, confidence, overrides, inherited workshops."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.catalog_query.conftest import add_series
from tracker.catalog.quality import RawSignal, compose, normalise, scales, selectivity
from tracker.catalog.quality_store import quality_for_series


def _pulled(mean: float, confidence: float) -> float:
    return confidence * mean + (1 - confidence) * scales().prior


def test_missing_signal_is_skipped_not_zero() -> None:
    s = scales()
    only_core = compose([RawSignal("core", "A*")], [], s)
    assert only_core.mean == pytest.approx(1.0)  # a zero for the missing CCF would give 0.56
    assert only_core.confidence == pytest.approx(s.weights["core"] / s.total_weight)
    assert only_core.score == pytest.approx(_pulled(1.0, only_core.confidence))
    both = compose([RawSignal("core", "A*"), RawSignal("ccf", "B")], [], s)
    w_core, w_ccf = s.weights["core"], s.weights["ccf"]
    assert both.mean == pytest.approx((w_core * 1.0 + w_ccf * s.ordinal["ccf"]["b"]) / (w_core + w_ccf))
    assert both.confidence == pytest.approx((w_core + w_ccf) / s.total_weight)
    assert both.score == pytest.approx(_pulled(both.mean or 0.0, both.confidence))


def test_one_weak_signal_does_not_beat_a_venue_known_by_all() -> None:
    s = scales()
    era_only = compose([RawSignal("era", "A")], [], s)
    assert era_only.mean == pytest.approx(1.0) and era_only.confidence == pytest.approx(0.05)
    assert era_only.score == pytest.approx(0.05 * 1.0 + 0.95 * s.prior)
    # NeurIPS-like: every list ranks it top, h5 over 300, about a quarter of papers accepted.
    flagship = compose(
        [
            RawSignal("core", "A*"),
            RawSignal("ccf", "A"),
            RawSignal("thcpl", "A"),
            RawSignal("era", "A"),
            RawSignal("h5_index", "330"),
        ],
        [(2023, 0.26), (2024, 0.26), (2025, 0.25)],
        s,
    )
    assert flagship.confidence == pytest.approx(1.0) and flagship.score == pytest.approx(flagship.mean)
    assert flagship.score is not None and era_only.score is not None
    assert flagship.score > 0.9 > 0.5 > era_only.score


def test_each_rank_names_its_list_edition() -> None:
    s = scales()
    # The two bundled catalogs carry different CCF lists: ccf-deadlines the 2026 one,
    # huggingface's rankings text still the 2022 one.
    q = compose(
        [
            RawSignal("ccf", "A", "ccf-deadlines ccf:conference/AI/iclr.yml"),
            RawSignal("era", "A", "huggingface ai-deadlines hf:conferences/iclr.yml"),
            RawSignal("core", "A*", "ccf-deadlines ccf:conference/AI/iclr.yml"),
            RawSignal("h5_index", "304", "huggingface ai-deadlines", year=2026),
        ],
        [],
        s,
    )
    by_source = {sig.source: sig for sig in q.signals}
    assert by_source["ccf"].edition == "CCF 2026" and by_source["ccf"].scale == "A/B/C"
    assert by_source["era"].edition == "ERA 2010"
    assert by_source["core"].edition == "CORE, edition not stated"
    assert by_source["h5_index"].edition == "as of 2026"
    assert "ccf A (CCF 2026)" in q.explanation
    from_hf = compose([RawSignal("ccf", "A", "huggingface ai-deadlines hf:conferences/ijcai.yml")], [], s)
    assert from_hf.signals[0].edition == "CCF 2022"


def test_unknown_value_is_skipped_and_named() -> None:
    q = compose([RawSignal("ccf", "N"), RawSignal("core", "A")], [], scales())
    assert q.mean == pytest.approx(scales().ordinal["core"]["a"])
    assert "ccf 'N'" in q.explanation


def test_no_signal_gives_no_score() -> None:
    q = compose([], [], scales())
    assert q.score is None and q.mean is None and q.confidence == 0.0


def test_lower_acceptance_means_higher_selectivity() -> None:
    s = scales()
    assert selectivity(0.15, s) == 1.0 and selectivity(0.60, s) == 0.0
    assert selectivity(0.20, s) > selectivity(0.30, s) > selectivity(0.45, s)
    assert normalise("acceptance_rate", "25%", s) == pytest.approx(selectivity(0.25, s))
    # The mean of the recent years is used.
    q = compose([], [(2023, 0.40), (2024, 0.20), (2025, 0.30)], s)
    assert q.mean == pytest.approx(selectivity(0.30, s))


def test_h5_index_saturates() -> None:
    s = scales()
    assert normalise("h5_index", "500", s) == 1.0
    assert 0.0 < normalise("h5_index", "50", s) < normalise("h5_index", "150", s) < 1.0  # type: ignore[operator]


def test_manual_override_wins_with_reason(session: Session, catalog: dict[str, Any]) -> None:
    odd = add_series(
        session, "todd", "TODD", signals={"core": "C", "manual": "0.9"}, reason="Best venue for our niche"
    )
    noreason = add_series(session, "tnor", "TNOR", signals={"core": "C", "manual": "0.9"})
    result = quality_for_series(session)
    q = result[odd.id]
    assert q.overridden and q.score == pytest.approx(0.9) and "Best venue for our niche" in q.explanation
    assert any(sig.source == "core" for sig in q.signals)  # what was overridden stays visible
    plain = result[noreason.id]
    assert not plain.overridden and plain.mean == pytest.approx(scales().ordinal["core"]["c"])


def test_workshop_inherits_discounted_parent(session: Session, catalog: dict[str, Any]) -> None:
    result = quality_for_series(session)
    parent = result[catalog["cv"].id]
    ws = result[catalog["ws"].id]
    assert parent.score is not None and not parent.inherited
    assert ws.inherited and ws.score == pytest.approx(parent.score * scales().workshop_discount)
    assert ws.mean == pytest.approx((parent.mean or 0.0) * scales().workshop_discount)
    assert "TCV" in ws.explanation


def test_one_series_alone_has_the_quality_it_has_among_all(session: Session, catalog: dict[str, Any]) -> None:
    every = quality_for_series(session)
    for name in ("cv", "ws"):  # a conference, and a workshop inheriting from it
        series_id = catalog[name].id
        assert quality_for_series(session, only=[series_id])[series_id] == every[series_id]


def test_catalog_composite_uses_accept_rate_rows(session: Session, catalog: dict[str, Any]) -> None:
    q = quality_for_series(session)[catalog["cv"].id]
    sources = {sig.source for sig in q.signals}
    assert sources == {"core", "acceptance_rate"}
    rate_signal = next(sig for sig in q.signals if sig.source == "acceptance_rate")
    assert rate_signal.normalised == pytest.approx(selectivity(0.275, scales()))


def test_bundled_catalog_flagships_lead_the_composite(session: Session) -> None:
    # Six series of the bundled catalog are known by an ERA 2010 "a" alone; they used to score
    # 1.0 and fill `conf list --min-quality 0.95` while NeurIPS, ICML and ICLR were hidden.
    from sqlalchemy import select

    from tracker.models.catalog import Series

    keys = dict(session.execute(select(Series.id, Series.key)).all())
    by_key = {keys[sid]: q for sid, q in quality_for_series(session).items()}
    flagships = [by_key[k] for k in ("nips", "icml", "iclr")]
    weakest_flagship = min(q.score or 0.0 for q in flagships)
    thin = {k: q for k, q in by_key.items() if q.score is not None and q.confidence <= 0.05}
    assert thin, "the bundled catalog has series known by one weak signal"
    assert all((q.score or 0.0) < weakest_flagship for q in thin.values())
    assert all((q.score or 0.0) < 0.5 for q in thin.values())
    iclr_ccf = next(sig for sig in by_key["iclr"].signals if sig.source == "ccf")
    assert (iclr_ccf.value, iclr_ccf.edition) == ("A", "CCF 2026")
