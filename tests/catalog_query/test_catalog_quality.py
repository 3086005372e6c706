"""The quality composite: skipped signals, confidence, overrides, inherited workshops."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.catalog_query.conftest import add_series
from tracker.catalog.quality import RawSignal, compose, normalise, quality_for_series, scales, selectivity


def test_missing_signal_is_skipped_not_zero() -> None:
    s = scales()
    only_core = compose([RawSignal("core", "A*")], [], s)
    assert only_core.score == pytest.approx(1.0)  # a zero for the missing CCF would give 0.56
    assert only_core.confidence == pytest.approx(s.weights["core"] / s.total_weight)
    both = compose([RawSignal("core", "A*"), RawSignal("ccf", "B")], [], s)
    w_core, w_ccf = s.weights["core"], s.weights["ccf"]
    assert both.score == pytest.approx((w_core * 1.0 + w_ccf * s.ordinal["ccf"]["b"]) / (w_core + w_ccf))
    assert both.confidence == pytest.approx((w_core + w_ccf) / s.total_weight)


def test_unknown_value_is_skipped_and_named() -> None:
    q = compose([RawSignal("ccf", "N"), RawSignal("core", "A")], [], scales())
    assert q.score == pytest.approx(scales().ordinal["core"]["a"])
    assert "ccf 'N'" in q.explanation


def test_no_signal_gives_no_score() -> None:
    q = compose([], [], scales())
    assert q.score is None and q.confidence == 0.0


def test_lower_acceptance_means_higher_selectivity() -> None:
    s = scales()
    assert selectivity(0.15, s) == 1.0 and selectivity(0.60, s) == 0.0
    assert selectivity(0.20, s) > selectivity(0.30, s) > selectivity(0.45, s)
    assert normalise("acceptance_rate", "25%", s) == pytest.approx(selectivity(0.25, s))
    # The mean of the recent years is used.
    q = compose([], [(2023, 0.40), (2024, 0.20), (2025, 0.30)], s)
    assert q.score == pytest.approx(selectivity(0.30, s))


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
    assert not plain.overridden and plain.score == pytest.approx(scales().ordinal["core"]["c"])


def test_workshop_inherits_discounted_parent(session: Session, catalog: dict[str, Any]) -> None:
    result = quality_for_series(session)
    parent = result[catalog["cv"].id]
    ws = result[catalog["ws"].id]
    assert parent.score is not None and not parent.inherited
    assert ws.inherited and ws.score == pytest.approx(parent.score * scales().workshop_discount)
    assert "TCV" in ws.explanation


def test_catalog_composite_uses_accept_rate_rows(session: Session, catalog: dict[str, Any]) -> None:
    q = quality_for_series(session)[catalog["cv"].id]
    sources = {sig.source for sig in q.signals}
    assert sources == {"core", "acceptance_rate"}
    rate_signal = next(sig for sig in q.signals if sig.source == "acceptance_rate")
    assert rate_signal.normalised == pytest.approx(selectivity(0.275, scales()))
