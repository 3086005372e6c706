"""Weights, totals and the ranked order (deterministic tie-breaks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tracker.recommend.scoring.criteria import Drop, Evaluation, evaluate
from tracker.recommend.scoring.features import CRITERIA, EditionFeatures, ModelParams, PersonFeatures


def normalise_weights(weights: Mapping[str, float]) -> np.ndarray:
    """The five weights in CRITERIA order, scaled to sum to 1 (missing names weigh 0)."""
    unknown = set(weights) - set(CRITERIA)
    if unknown:
        raise ValueError(f"unknown criteria: {', '.join(sorted(unknown))}")
    raw = np.array([float(weights.get(name, 0.0)) for name in CRITERIA])
    if np.any(raw < 0) or not np.all(np.isfinite(raw)):
        raise ValueError("weights must be finite and not negative")
    total = raw.sum()
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    return raw / total


@dataclass(frozen=True)
class Ranking:
    """The evaluation, the weighted totals and the order of the kept editions."""

    evaluation: Evaluation
    weights: np.ndarray  # (5,) normalised
    contributions: np.ndarray  # (n, 5) = scores * weights; rows add up to ``total``
    total: np.ndarray  # (n,) in [0, 1]
    order: np.ndarray  # indices of the kept editions, best first


def rank(evaluation: Evaluation, weights: np.ndarray, tie_break: np.ndarray | None = None) -> Ranking:
    """Order the kept editions: the reachable ones first, each part by total, then quality,
    then the caller's tie-break (e.g. start day). An edition too close to reach (its start
    nearer than its lead time) is listed, but after every one that can be reached.

    ``np.lexsort`` sorts by the last key first; the final key is the row index, so equal
    inputs always give the same order.
    """
    contributions = evaluation.scores * weights
    total = np.clip(contributions.sum(axis=1), 0.0, 1.0)
    kept = np.flatnonzero(evaluation.drop == Drop.KEPT)
    extra = np.zeros(len(total)) if tie_break is None else np.nan_to_num(tie_break, nan=np.inf)
    too_close = ~evaluation.reachable[kept]
    keys = (kept, extra[kept], -evaluation.scores[kept, 1], -total[kept], too_close)
    order = kept[np.lexsort(keys)]
    return Ranking(evaluation, weights, contributions, total, order)


def score(
    features: EditionFeatures,
    person: PersonFeatures,
    model: ModelParams,
    weights: Mapping[str, float],
    *,
    within_budget: bool = False,
    keep_off_topic: bool = False,
) -> Ranking:
    """The whole kernel: features in, a ranked score matrix out (ties: quality, start, index)."""
    evaluation = evaluate(features, person, model, within_budget=within_budget, keep_off_topic=keep_off_topic)
    return rank(evaluation, normalise_weights(weights), tie_break=features.start)
