"""Scoring for ``tracker recommend``: pure NumPy, no database, no files, no clock.

``features`` (the arrays in), ``criteria`` (the five vectorised sub-scores and the
eligibility rules), ``ranking`` (weights, totals, order) and ``explain`` (each
criterion's inputs, formula and contribution for one edition).
"""

from tracker.recommend.scoring.criteria import Drop, Evaluation, evaluate
from tracker.recommend.scoring.features import CRITERIA, EditionFeatures, ModelParams, PersonFeatures
from tracker.recommend.scoring.ranking import (
    Ranking,
    Summary,
    normalise_weights,
    rank,
    score,
    score_in_blocks,
)

__all__ = [
    "CRITERIA",
    "Drop",
    "EditionFeatures",
    "Evaluation",
    "ModelParams",
    "PersonFeatures",
    "Ranking",
    "Summary",
    "evaluate",
    "normalise_weights",
    "rank",
    "score",
    "score_in_blocks",
]
