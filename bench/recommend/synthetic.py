"""Synthetic feature arrays for the scoring benchmarks (random but plausible editions)."""

from __future__ import annotations

import numpy as np

from tracker.recommend.scoring.features import EditionFeatures, PersonFeatures

VOCABULARY_SIZE = 40
TODAY = 20_513.0  # 2026-03-01 as a day number


def editions(n: int, seed: int = 0) -> EditionFeatures:
    rng = np.random.default_rng(seed)
    start = TODAY + rng.integers(-30, 700, n).astype(float)
    length = rng.integers(1, 7, n).astype(float)
    deadline = start - rng.integers(60, 200, n)
    deadline = np.where(deadline > TODAY, deadline, np.nan)
    lat = rng.uniform(-50, 65, n)
    lat[rng.random(n) < 0.05] = np.nan  # places not announced yet
    return EditionFeatures(
        topics=rng.random((n, VOCABULARY_SIZE)) < 0.08,
        quality=np.where(rng.random(n) < 0.1, np.nan, rng.random(n)),
        quality_confidence=rng.random(n),
        start=start,
        end=start + length - 1,
        estimated=rng.random(n) < 0.2,
        paper_deadline=deadline,
        paper_deadline_passed=np.isnan(deadline) & (rng.random(n) < 0.5),
        latitude=lat,
        longitude=rng.uniform(-180, 180, n),
        country=rng.integers(0, 60, n),
        region=rng.integers(0, 6, n),
        mode=rng.integers(0, 3, n).astype(np.int8),
        registration=rng.uniform(100, 1200, n),
        night_cost=rng.uniform(60, 300, n),
    )


def person(interests: int = 3, seed: int = 1, **overrides: object) -> PersonFeatures:
    rng = np.random.default_rng(seed)
    credit = np.where(rng.random((VOCABULARY_SIZE, interests)) < 0.1, 1.0, 0.0)
    values: dict[str, object] = {
        "latitude": 52.52,
        "longitude": 13.40,
        "country": 7,
        "region": 2,
        "interest_credit": credit,
        "today": TODAY,
        "budget": 3000.0,
        "window_start": TODAY,
        "window_end": TODAY + 365,
        "submit": True,
        "prep_days": 60.0,
        "virtual_ok": True,
    }
    values.update(overrides)
    return PersonFeatures(**values)  # type: ignore[arg-type]
