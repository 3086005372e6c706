"""Hypothesis strategies and builders for the scoring kernel's feature arrays (test helpers)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tracker.recommend.scoring import EditionFeatures, ModelParams, PersonFeatures

VOCAB = 6
TODAY = 20_513.0  # 2026-03-01 as a day number


def unit(n: int) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, n, elements=st.floats(0, 1))


@st.composite
def editions(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> EditionFeatures:
    n = draw(st.integers(min_size, max_size))
    start = TODAY + draw(hnp.arrays(np.float64, n, elements=st.integers(-20, 800).map(float)))
    length = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 8).map(float)))
    deadline_in = draw(hnp.arrays(np.float64, n, elements=st.floats(-50, 400) | st.just(np.nan)))
    lat = draw(hnp.arrays(np.float64, n, elements=st.floats(-80, 80) | st.just(np.nan)))
    return EditionFeatures(
        topics=draw(hnp.arrays(np.bool_, (n, VOCAB))),
        quality=draw(hnp.arrays(np.float64, n, elements=st.floats(0, 1) | st.just(np.nan))),
        quality_confidence=draw(unit(n)),
        start=start,
        end=start + length - 1,
        estimated=draw(hnp.arrays(np.bool_, n)),
        paper_deadline=np.where(deadline_in >= 0, TODAY + deadline_in, np.nan),
        paper_deadline_passed=draw(hnp.arrays(np.bool_, n)) & ~(deadline_in >= 0),
        latitude=lat,
        longitude=draw(hnp.arrays(np.float64, n, elements=st.floats(-180, 180))),
        country=draw(hnp.arrays(np.int64, n, elements=st.integers(-1, 3))),
        region=draw(hnp.arrays(np.int64, n, elements=st.integers(-1, 2))),
        mode=draw(hnp.arrays(np.int8, n, elements=st.integers(0, 2))),
        registration=draw(hnp.arrays(np.float64, n, elements=st.floats(0, 3000))),
        night_cost=draw(hnp.arrays(np.float64, n, elements=st.floats(20, 400))),
    )


@st.composite
def people(draw: st.DrawFn) -> PersonFeatures:
    interests = draw(st.integers(0, 3))
    credit = draw(
        hnp.arrays(np.float64, (VOCAB, interests), elements=st.sampled_from([0.0, 0.25, 0.3, 0.5, 0.8, 1.0]))
    )
    window = draw(st.booleans())
    lo = TODAY + draw(st.integers(-30, 300))
    return PersonFeatures(
        latitude=draw(st.floats(-80, 80)),
        longitude=draw(st.floats(-180, 180)),
        country=draw(st.integers(0, 3)),
        region=draw(st.integers(0, 2)),
        interest_credit=credit,
        today=TODAY,
        budget=draw(st.floats(100, 20_000) | st.just(float("nan"))),
        window_start=lo if window else float("nan"),
        window_end=lo + draw(st.integers(0, 600)) if window else float("nan"),
        submit=draw(st.booleans()),
        prep_days=float(draw(st.integers(0, 120))),
        virtual_ok=draw(st.booleans()),
    )


# Weights as people type them (0 or at least 0.001): a subnormal weight would make a real
# difference vanish below floating-point resolution.
weights = st.fixed_dictionaries(
    {
        name: st.floats(0, 10).map(lambda x: round(x, 3))
        for name in ("topic", "quality", "time", "location", "cost")
    }
).filter(lambda w: sum(w.values()) > 0.01)


def edition(**values: Any) -> EditionFeatures:
    """One edition (arrays of length 1) with sensible defaults, for case tests."""
    base: dict[str, Any] = {
        "topics": np.array([[True] + [False] * (VOCAB - 1)]),
        "quality": [0.8],
        "quality_confidence": [1.0],
        "start": [TODAY + 100],
        "end": [TODAY + 104],
        "estimated": [False],
        "paper_deadline": [np.nan],
        "paper_deadline_passed": [False],
        "latitude": [48.85],
        "longitude": [2.35],
        "country": [1],
        "region": [0],
        "mode": [0],
        "registration": [600.0],
        "night_cost": [150.0],
    }
    base.update(values)
    arrays: dict[str, Any] = {k: np.asarray(v) for k, v in base.items()}
    return EditionFeatures(**arrays)


def stack(*rows: EditionFeatures) -> EditionFeatures:
    columns = {k: [getattr(r, k) for r in rows] for k in EditionFeatures.__dataclass_fields__}
    stacked: dict[str, Any] = {
        k: None if any(v is None for v in vs) else np.concatenate(vs) for k, vs in columns.items()
    }
    return EditionFeatures(**stacked)


def person(**values: Any) -> PersonFeatures:
    base: dict[str, Any] = {
        "latitude": 52.52,
        "longitude": 13.40,
        "country": 0,
        "region": 0,
        "interest_credit": np.eye(VOCAB)[:, :1],
        "today": TODAY,
    }
    base.update(values)
    return PersonFeatures(**base)


MODEL = ModelParams()
