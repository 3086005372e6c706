"""The area of a talk: which field of the vocabulary (nlp, robotics, speech, ...) its title is from.

The concept classifier (:mod:`tracker.learning.classifier`) knows the learning concepts of the
topic map, and was trained on the map's own words. Areas are learnt from real titles instead:
accepted papers of each area's venues (ACL/EMNLP, CVPR/ICCV, INTERSPEECH, ICRA, KDD/ICDM,
SIGIR/ECIR/RecSys, NeurIPS/ICML/ICLR, SIGGRAPH, UIST; ``tests/fixtures/area_titles/SOURCES.md``).
``tools/build_area_model.py`` fits a softmax regression on the words, word pairs and word stems
of the training titles, adds a complement naive Bayes on the same features (both are linear in
them, so the file holds one weight matrix), and writes the weights to
``data/learning/area_model.npz``; this module only reads them.

A talk carries the best area, and a second one when it is at least that area's ratio as likely
as the best (a KDD paper on graph networks is data mining and machine learning). The ratios,
and an offset to each area's likelihood, are fitted by the builder on cross-validated titles
under a budget (few areas a talk, most of them right), so that each area is carried by as
many of its venues' titles as the budget allows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.text import fold_plural

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

AREA_MODEL_FILE = Path("learning") / "area_model.npz"
#: The areas the model knows (its labels; the builder checks them). The other vocabulary topics
#: wait for licensed lists of their venues' titles.
AREAS = (
    "computer-vision", "data-mining", "graphics", "hci", "information-retrieval", "machine-learning",
    "nlp", "robotics", "speech",
)  # fmt: skip
#: How a stored talk topic says it is the talk's area (the reason's start), not a concept.
AREA_REASON = "area: "
MAX_AREAS = 2  # the best area, and a second one at least its ratio as likely

_STOPWORD_TEXT = """a an and are as at be by for from how in into is it its of on or our over that the their
    them these this to towards toward using via we what when which while why with without your you can do
    does"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_TOKEN = re.compile(r"[a-z0-9]+")
STEM = 5  # letters of a longer word kept as its stem feature


def features(text: str) -> set[str]:
    """The words of a title (plurals folded, stop words dropped), each pair of neighbours, and
    the first STEM letters of each longer word, marked "~": "render~" stands for rendering,
    renderer and rendered, so a word the few graphics or HCI training titles had in another
    form still counts."""
    words = [fold_plural(w) for w in _TOKEN.findall(text.lower().replace("-", " ")) if w not in _STOPWORDS]
    stems = {w[:STEM] + "~" for w in words if len(w) > STEM and not w.isdigit()}
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)} | stems


@dataclass(frozen=True)
class AreaGuess:
    area: str  # a key of data/topics.yml
    score: float  # softmax probability
    terms: tuple[str, ...]  # the words that pushed this area up the most


class AreaModel:
    """A linear model over the areas (regression + naive Bayes weights, per-area offsets in the
    bias); a title is the L2-normalised set of its features."""

    def __init__(
        self,
        terms: list[str],
        weights: NDArray[np.float64],
        bias: NDArray[np.float64],
        labels: list[str],
        ratios: NDArray[np.float64],
    ) -> None:
        self.terms = terms
        self.index = {t: i for i, t in enumerate(terms)}
        self.weights = weights
        self.bias = bias
        self.labels = labels
        self.ratios = ratios  # an area is the second one when at least this ratio of the best

    def columns(self, text: str) -> list[int]:
        return sorted(self.index[f] for f in features(text) if f in self.index)

    def logits(self, texts: list[str]) -> NDArray[np.float64]:
        return self._logits([self.columns(text) for text in texts])

    def _logits(self, columns: list[list[int]]) -> NDArray[np.float64]:
        import numpy as np

        logits = np.tile(self.bias, (len(columns), 1))
        for row, cols in enumerate(columns):
            if cols:
                logits[row] += self.weights[cols].sum(axis=0) / np.sqrt(len(cols))
        return logits

    def probabilities(self, texts: list[str]) -> NDArray[np.float64]:
        import numpy as np

        logits = self.logits(texts)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def guesses(self, texts: list[str]) -> list[list[AreaGuess]]:
        """For each text: its best area, and a second one when at least its ratio as likely (none
        for a text with no word the model knows)."""
        import numpy as np

        columns = [self.columns(text) for text in texts]
        logits = self._logits(columns)
        carry = carried(logits, self.ratios)
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        out: list[list[AreaGuess]] = []
        for cols, row, kept in zip(columns, probs, carry, strict=True):
            if not cols:
                out.append([])
                continue
            order = [int(c) for c in np.flatnonzero(kept)]
            order.sort(key=lambda c: -row[c])
            out.append([AreaGuess(self.labels[c], float(row[c]), self.pushing_terms(cols, c)) for c in order])
        return out

    def pushing_terms(self, cols: list[int], label: int) -> tuple[str, ...]:
        # The reason a person reads names words and word pairs; a stem ("render~") is no word.
        words = [c for c in cols if not self.terms[c].endswith("~")]
        pushes = sorted(((float(self.weights[c, label]), c) for c in words), reverse=True)
        return tuple(self.terms[c] for w, c in pushes[:4] if w > 0)


def carried(logits: NDArray[np.float64], ratios: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which areas each row of logits carries: its best, and of the others the one furthest
    above its ratio of the best's likelihood, if any is at least that (one rule for the tagger
    and the builder, which fits the ratios)."""
    import numpy as np

    rows = np.arange(len(logits))
    best = logits.argmax(axis=1)
    # log(p_a / (ratio_a p_best)) >= 0: the area is as likely as its ratio asks.
    margin = logits - np.log(ratios) - logits[rows, best][:, None]
    margin[rows, best] = -np.inf
    second = margin.argmax(axis=1)
    out = np.zeros(logits.shape, dtype=bool)
    out[rows, best] = True
    out[rows, second] |= margin[rows, second] >= 0
    return out


def is_area(topic: str, reason: str | None) -> bool:
    """Whether a stored talk topic is the talk's area (see talks._set_auto)."""
    return topic in AREAS and (reason or "").startswith(AREA_REASON)


def model_file() -> Path:
    from tracker import config

    return config.data_dir() / AREA_MODEL_FILE


def save(model: AreaModel, path: Path) -> None:
    """Write the weights as plain arrays (float32: the file ships in the wheel)."""
    import numpy as np

    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            terms=np.array(model.terms),
            weights=model.weights.astype(np.float32),
            bias=model.bias.astype(np.float32),
            labels=np.array(model.labels),
            ratios=model.ratios.astype(np.float32),
        )


def read(path: Path) -> AreaModel:
    import numpy as np

    # allow_pickle=False: object arrays are refused, so reading the file runs no code.
    with np.load(path, allow_pickle=False) as data:
        return AreaModel(
            [str(t) for t in data["terms"]],
            data["weights"].astype(np.float64),
            data["bias"].astype(np.float64),
            [str(label) for label in data["labels"]],
            data["ratios"].astype(np.float64),
        )


@lru_cache(maxsize=1)
def default_model() -> AreaModel:
    """The shipped area model (data/learning/area_model.npz)."""
    return read(model_file())


def areas_for(texts: list[str]) -> list[list[AreaGuess]]:
    """The areas of each text, best first (see :meth:`AreaModel.guesses`)."""
    if not texts:
        return []
    return default_model().guesses(texts)
