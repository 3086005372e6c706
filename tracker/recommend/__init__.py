"""``tracker recommend``: a profile and the catalog in, ranked editions with explanations out.

The walk: the profile (saved, with this call's options on top) -> the candidate
editions (not ended, by kind and topic) read as plain columns (:mod:`.candidates`) ->
feature arrays (:mod:`tracker.scoring.features`) -> the vectorised scores and ranking
(:mod:`tracker.scoring`) -> :class:`Recommendation` values with each criterion
explained (:mod:`tracker.scoring.explain`); :mod:`.engine` holds the walk and
:mod:`.params` the documented parameters from ``data/recommend/``.

Known fees come from the catalog's ``fee`` table only (see :mod:`tracker.costs`).
"""

from tracker.recommend.engine import (
    Dropped,
    Options,
    Recommendation,
    RecommendResult,
    Why,
    now_utc,
    person_features,
    recommend,
    why,
)
from tracker.recommend.params import default_weights, model_params, topic_credit

__all__ = [
    "Dropped",
    "Options",
    "RecommendResult",
    "Recommendation",
    "Why",
    "default_weights",
    "model_params",
    "now_utc",
    "person_features",
    "recommend",
    "topic_credit",
    "why",
]
