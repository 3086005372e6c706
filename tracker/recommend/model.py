"""The scoring kernel's inputs that come from files: its constants and the topic credit table.

:func:`model_params` gathers the constants of ``weights.yml``, ``travel_model.yml``,
``fee_model.yml`` and ``lead_times.yml`` into one :class:`~.scoring.features.ModelParams`;
:func:`topic_credit` builds the (vocabulary x interests) credit table from the topic hierarchy, and
:func:`topic_specificity` marks the catch-all topics that say nothing about a venue.
"""

from __future__ import annotations

import numpy as np

from tracker.recommend.costs import fee_model, travel_model
from tracker.recommend.params import lead_times_file, weights_file
from tracker.recommend.scoring.features import ModelParams


def model_params() -> ModelParams:
    """The scoring constants from weights.yml, travel_model.yml, fee_model.yml and lead_times.yml."""
    w = weights_file()
    t = travel_model()
    lead = lead_times_file()
    booking = lead["booking_days"]
    return ModelParams(
        registration_days=float(lead["registration_days"]),
        booking_days=(
            float(booking["commute"]),
            float(booking["ground"]),
            float(booking["regional_flight"]),
            float(booking["long_haul_flight"]),
        ),
        decide_days=float(lead["decide_days"]),
        quality_prior=float(w["quality"]["prior"]),
        estimated_discount=float(w["time"]["estimated_discount"]),
        no_deadline_factor=float(w["time"]["no_deadline_factor"]),
        location_tau_hours=float(w["location"]["tau_hours"]),
        same_country_bonus=float(w["location"]["same_country_bonus"]),
        same_region_bonus=float(w["location"]["same_region_bonus"]),
        virtual_credit=float(w["location"]["virtual_credit"]),
        unknown_distance_km=float(w["location"]["unknown_distance_km"]),
        relevant_credit=float(w["topic"]["relevant_credit"]),
        focus_exponent=float(w["topic"]["focus_exponent"]),
        on_topic_threshold=float(w["topic"]["on_topic_threshold"]),
        name_mismatch_factor=float(w["topic"]["name_mismatch_factor"]),
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

    credits = weights_file()["topic"]
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


def topic_specificity(vocabulary: list[str], interests: tuple[str, ...]) -> np.ndarray:
    """(V,) bool: whether vocabulary topic v says what a venue is about.

    A catch-all -- a root of the vocabulary with several narrower topics, which is
    "artificial-intelligence" -- is carried by nearly every venue of its field, so it is
    not specific, unless the person named it as an interest.
    """
    from tracker.catalog import topics

    known = topics.all_topics()
    children: dict[str, int] = {}
    for topic in known.values():
        for parent in topic.parents:
            children[parent] = children.get(parent, 0) + 1
    return np.array(
        [
            key in interests or not (key in known and not known[key].parents and children.get(key, 0) >= 3)
            for key in vocabulary
        ],
        dtype=bool,
    )
