"""The documented parameters of recommend (``data/recommend/``) and the topic credit table."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tracker import config
from tracker.scoring import CRITERIA, ModelParams

# --- documented parameters (data/recommend/) ------------------------------------------------


@lru_cache(maxsize=4)
def _weights_file(data_dir: Path) -> dict[str, Any]:
    import yaml

    text = (data_dir / "recommend" / "weights.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def default_weights() -> dict[str, float]:
    """The documented default weight of each criterion (data/recommend/weights.yml)."""
    raw = _weights_file(config.data_dir())["weights"]
    return {name: float(raw[name]) for name in CRITERIA}


def model_params() -> ModelParams:
    """The scoring constants from weights.yml, travel_model.yml and fee_model.yml."""
    from tracker.costs import fee_model, travel_model

    w = _weights_file(config.data_dir())
    t = travel_model()
    return ModelParams(
        quality_prior=float(w["quality"]["prior"]),
        estimated_discount=float(w["time"]["estimated_discount"]),
        no_deadline_factor=float(w["time"]["no_deadline_factor"]),
        location_tau_hours=float(w["location"]["tau_hours"]),
        same_country_bonus=float(w["location"]["same_country_bonus"]),
        same_region_bonus=float(w["location"]["same_region_bonus"]),
        virtual_credit=float(w["location"]["virtual_credit"]),
        unknown_distance_km=float(w["location"]["unknown_distance_km"]),
        over_budget_steepness=float(w["cost"]["over_budget_steepness"]),
        cost_reference=float(w["cost"]["reference_eur"]),
        virtual_fee_factor=fee_model().virtual_factor,
        **{name: t[name] for name in _TRAVEL_NAMES},
    )


_TRAVEL_NAMES = (
    "ground_speed_kmh",
    "ground_overhead_h",
    "road_factor",
    "flight_speed_kmh",
    "flight_overhead_h",
    "ground_cost_per_km",
    "flight_base",
    "commute_km",
)


def topic_credit(vocabulary: list[str], interests: tuple[str, ...]) -> np.ndarray:
    """(V, I) credit that vocabulary topic v earns interest i: same, narrower, parent, ancestor, sibling."""
    from tracker.catalog import topics

    credits = _weights_file(config.data_dir())["topic"]
    known = topics.all_topics()
    out = np.zeros((len(vocabulary), len(interests)))
    for i, interest in enumerate(interests):
        up = topics.ancestors(interest)
        parents = set(known[interest].parents)
        for v, key in enumerate(vocabulary):
            key_up = topics.ancestors(key)
            best = 0.0
            if key == interest:
                best = credits["same"]
            elif interest in key_up:
                best = credits["narrower"]
            elif key in parents:
                best = credits["parent"]
            elif key in up:
                best = credits["ancestor"]
            elif parents & set(known[key].parents):
                best = credits["sibling"]
            out[v, i] = best
    return out
