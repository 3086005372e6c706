"""The stored quality composite follows every import: listings read it, never a stale one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli


def _listed_quality(cli: Cli, key: str) -> float | None:
    rows = json.loads(cli("conf", "list", "--json").out)
    return next(r["quality"] for r in rows if r["key"] == key)


def _recomputed(session_on: Any, series_key: str) -> float | None:
    from sqlalchemy import select

    from tracker.catalog.quality_store import quality_for_series
    from tracker.models.catalog import Series

    with session_on() as session:
        series_id = session.scalar(select(Series.id).where(Series.key == series_key))
        score = quality_for_series(session)[series_id].score
    return round(score, 3) if score is not None else None


def test_an_import_of_acceptance_rates_moves_the_stored_quality(
    cli: Cli, empty_db: str, fixtures: Path, session_on: Any
) -> None:
    cli("import", str(fixtures / "ccf" / "conference"), "--format", "ccf")
    ranked_only = _listed_quality(cli, "cvpr2024")
    assert ranked_only == _recomputed(session_on, "cvpr")

    cli("import", str(fixtures / "ccf"), "--format", "ccf")  # now with accept_rates/
    with_rates = _listed_quality(cli, "cvpr2024")
    assert with_rates == _recomputed(session_on, "cvpr")
    assert with_rates != ranked_only  # the acceptance rate is one more signal of the composite
    high = json.loads(cli("conf", "list", "--min-quality", str(with_rates), "--json").out)
    assert "cvpr2024" in [r["key"] for r in high]
