"""Weights, totals and the ranked order (deterministic tie-breaks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tracker.recommend.scoring.compact import CompactFeatures
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


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
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
    order = _order(total, evaluation.scores[:, 1], evaluation.reachable, evaluation.drop, tie_break)
    return Ranking(evaluation, weights, contributions, total, order)


def _order(
    total: np.ndarray,
    quality: np.ndarray,
    reachable: np.ndarray,
    drop: np.ndarray,
    tie_break: np.ndarray | None,
) -> np.ndarray:
    """The kept rows, best first (see :func:`rank`)."""
    kept = np.flatnonzero(drop == Drop.KEPT)
    extra = np.zeros(len(total)) if tie_break is None else np.nan_to_num(tie_break, nan=np.inf)
    keys = (kept, extra[kept], -quality[kept], -total[kept], ~reachable[kept])
    return kept[np.lexsort(keys)]


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


BLOCK = 65_536  # rows scored at a time: the quantities behind a block's scores are let go after it


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Summary:
    """What ranking keeps of every edition when scoring in blocks: totals, drop codes, order."""

    weights: np.ndarray  # (5,) normalised
    total: np.ndarray  # (n,) in [0, 1]
    drop: np.ndarray  # (n,) int8 Drop codes
    order: np.ndarray  # indices of the kept editions, best first


def score_in_blocks(
    features: EditionFeatures | CompactFeatures,
    person: PersonFeatures,
    model: ModelParams,
    weights: Mapping[str, float],
    *,
    within_budget: bool = False,
    keep_off_topic: bool = False,
    block: int = BLOCK,
) -> Summary:
    """:func:`score`'s totals, drops and order, ``block`` rows at a time.

    Every row's scores depend on that row alone, so a block's are those the whole would
    give; only the few arrays the order needs are kept for all rows (a million editions'
    full evaluations would be hundreds of megabytes). The rows shown are then evaluated
    again on their own (:meth:`EditionFeatures.block`) for their explanations.
    """
    normalised = normalise_weights(weights)
    n = len(features)
    total, quality = np.empty(n), np.empty(n)
    reachable, drop = np.empty(n, dtype=bool), np.empty(n, dtype=np.int8)
    for start in range(0, n, block):
        rows = slice(start, min(start + block, n))
        part = evaluate(
            features.block(rows), person, model, within_budget=within_budget, keep_off_topic=keep_off_topic
        )
        total[rows] = np.clip((part.scores * normalised).sum(axis=1), 0.0, 1.0)
        quality[rows] = part.scores[:, 1]
        reachable[rows] = part.reachable
        drop[rows] = part.drop
    return Summary(normalised, total, drop, _order(total, quality, reachable, drop, features.start))
