"""A small talk/paper topic classifier: tf-idf features and multinomial logistic regression.

Pure NumPy, trained on the topic map itself (each concept's name, description
sentences, keywords and reading titles), so that it needs no labelled talks. The
reason for a prediction is the handful of terms that pushed the chosen topic's score
up the most (tf-idf value times the learned weight).

Training takes about a second; the weights are cached on disk (keyed by the topic map's
hash) so that ``talks add`` does not pay it every time. The cache is written 0600 in a
0700 folder and read only when it is the user's own and writable by no one else.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

import numpy as np
from numpy.typing import NDArray

from tracker.catalog.topics import topic_map_file
from tracker.errors import TrackerError
from tracker.files import write_file
from tracker.learning.topic_map import TopicMap, load
from tracker.text import fold_plural

# Words that carry no topic; short on purpose (tf-idf already discounts common words).
_STOPWORD_TEXT = """a an and are as at be by for from how in into is it its of on or our over that the their
    them these this to towards toward using via we what when which while why with without your you
    new can do does learning learn model models based method methods approach approaches towards
    study analysis use used paper talk keynote tutorial invited session"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_TOKEN = re.compile(r"[a-z][a-z0-9]+")
L2 = 1e-3
EPOCHS = 300
STEP = 0.5
MIN_SCORE = 0.08  # below this the classifier does not claim a topic at all


def tokens(text: str) -> list[str]:
    """Lower-case word unigrams and bigrams, stop words dropped, plurals folded crudely."""
    words = [fold_plural(w) for w in _TOKEN.findall(text.lower().replace("-", " ")) if w not in STOPWORDS]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class Prediction:
    topic: str
    score: float  # softmax probability
    top_terms: tuple[str, ...]


class TopicClassifier:
    """tf-idf + softmax regression over the topic map's concepts."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: NDArray[np.float64],
        weights: NDArray[np.float64],
        bias: NDArray[np.float64],
        labels: list[str],
    ) -> None:
        self.vocabulary = vocabulary
        self.terms = sorted(vocabulary, key=vocabulary.__getitem__)
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.labels = labels

    def features(self, texts: list[str]) -> NDArray[np.float64]:
        x = np.zeros((len(texts), len(self.vocabulary)))
        for row, text in enumerate(texts):
            for tok in tokens(text):
                col = self.vocabulary.get(tok)
                if col is not None:
                    x[row, col] += 1.0
        np.log1p(x, out=x)  # sublinear tf: the fifth "graph" adds less than the first
        x *= self.idf
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(norms == 0, 1.0, norms)

    def probabilities(self, texts: list[str]) -> NDArray[np.float64]:
        return _softmax(self.features(texts) @ self.weights + self.bias)

    def predict(self, text: str, k: int = 3) -> list[Prediction]:
        x = self.features([text])[0]
        probs = _softmax((x @ self.weights + self.bias)[None, :])[0]
        if not x.any():
            return []
        out = []
        for c in np.argsort(-probs)[:k]:
            contribution = x * self.weights[:, c]
            best = [j for j in np.argsort(-contribution)[:5] if contribution[j] > 0]
            out.append(Prediction(self.labels[c], float(probs[c]), tuple(self.terms[j] for j in best)))
        return out


def _softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def training_set(topic_map: TopicMap) -> tuple[list[str], list[str]]:
    """(texts, labels): several short documents per concept, so phrases weigh like titles."""
    texts: list[str] = []
    labels: list[str] = []
    for concept in topic_map.concepts.values():
        docs = [concept.name, concept.description, " ".join(concept.keywords)]
        docs += [s for s in re.split(r"(?<=[.:;])\s+", concept.description) if s]
        docs += list(concept.keywords)
        docs += [topic_map.readings[r].title for r in concept.reading_ids]
        # Keyword pairs give the model title-length examples that mix two cues.
        kws = list(concept.keywords)
        docs += [f"{a} {b}" for a, b in zip(kws, kws[1:] + kws[:1], strict=False)]
        texts += docs
        labels += [concept.key] * len(docs)
    return texts, labels


def train(texts: list[str], labels: list[str], *, epochs: int = EPOCHS, seed: int = 0) -> TopicClassifier:
    """Fit tf-idf on ``texts`` and a softmax regression with L2 by full-batch gradient descent."""
    vocabulary: dict[str, int] = {}
    doc_freq: dict[str, int] = {}
    for text in texts:
        for tok in set(tokens(text)):
            doc_freq[tok] = doc_freq.get(tok, 0) + 1
    for tok in sorted(doc_freq):
        vocabulary[tok] = len(vocabulary)
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + doc_freq[t])) + 1.0 for t in sorted(doc_freq)])
    label_names = sorted(set(labels))
    y = np.array([label_names.index(label) for label in labels])
    model = TopicClassifier(
        vocabulary,
        idf,
        np.zeros((len(vocabulary), len(label_names))),
        np.zeros(len(label_names)),
        label_names,
    )
    # tf-idf rows are very sparse (a few dozen terms out of thousands): train on the
    # non-zero entries (coordinate form) so that each step costs O(non-zeros x topics).
    dense = model.features(texts)
    keep = dense.any(axis=1)  # a document of stop words only teaches nothing
    dense, y = dense[keep], y[keep]
    n = len(y)
    rows, cols = np.nonzero(dense)  # row-major: rows ascending
    vals = dense[rows, cols]
    row_starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    col_order = np.argsort(cols, kind="stable")
    sorted_cols = cols[col_order]
    col_starts = np.flatnonzero(np.r_[True, sorted_cols[1:] != sorted_cols[:-1]])
    col_ids = sorted_cols[col_starts]
    onehot = np.eye(len(label_names))[y]
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.01, size=model.weights.shape)
    b = np.zeros(len(label_names))
    # Adam on the mean cross-entropy: converges in a few hundred full-batch steps here.
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        logits = np.add.reduceat(vals[:, None] * w[cols], row_starts)  # = X @ w, sparse
        p = _softmax(logits + b)
        grad_z = (p - onehot) / n
        g_w = L2 * w
        g_w[col_ids] += np.add.reduceat((vals[:, None] * grad_z[rows])[col_order], col_starts)  # X.T @ g
        g_b = grad_z.sum(axis=0)
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w**2
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b**2
        lr = STEP * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        w -= lr * m_w / (np.sqrt(v_w) + eps) * 0.1
        b -= lr * m_b / (np.sqrt(v_b) + eps) * 0.1
    model.weights, model.bias = w, b
    return model


# Bump when tokens(), training_set() or train() change: it invalidates cached weights.
MODEL_VERSION = 1


def _cache_file() -> Path:
    from platformdirs import user_cache_dir

    key = f"{topic_map_file().digest}/v{MODEL_VERSION}/{EPOCHS}/{L2}/{STEP}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(user_cache_dir("tracker", appauthor=False)) / f"topic-classifier-{digest}.npz"


def _load_cached(path: Path) -> TopicClassifier | None:
    """The cached model, or None when there is none or it cannot be trusted (then it is rebuilt).

    The cache decides what topics every talk and paper gets, so only a regular file that
    the user owns and no one else can write is read, and it is read as plain arrays: numpy's
    ``allow_pickle=False`` refuses object arrays, whose loading would run code.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not _trusted(os.fstat(fd)):
            return None
        try:
            with np.load(handle, allow_pickle=False) as data:
                terms = [str(t) for t in data["terms"]]
                return TopicClassifier(
                    {t: i for i, t in enumerate(terms)},
                    data["idf"],
                    data["weights"],
                    data["bias"],
                    [str(label) for label in data["labels"]],
                )
        except (OSError, KeyError, ValueError, EOFError):
            return None


def _trusted(found: os.stat_result) -> bool:
    """A regular file of the user's own, not writable by the group or others."""
    owner = os.geteuid() if hasattr(os, "geteuid") else found.st_uid
    return stat.S_ISREG(found.st_mode) and found.st_uid == owner and not found.st_mode & 0o022


def _save_cached(path: Path, model: TopicClassifier) -> None:
    def save(handle: IO[bytes]) -> None:
        np.savez(
            handle,
            terms=np.array(model.terms),
            idf=model.idf,
            weights=model.weights,
            bias=model.bias,
            labels=np.array(model.labels),
        )

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_file(path, save, overwrite=True)  # 0600, replacing an untrusted copy
    except (OSError, TrackerError):
        pass  # a cache we cannot write only costs the next run a second of training


@lru_cache(maxsize=1)
def default_model() -> TopicClassifier:
    """The classifier trained on the shipped topic map (cached on disk, keyed by the map's hash)."""
    path = _cache_file()
    model = _load_cached(path)
    if model is None:
        texts, labels = training_set(load())
        model = train(texts, labels)
        _save_cached(path, model)
    return model


def classify(text: str, k: int = 3) -> list[tuple[str, float, list[str]]]:
    """Topics of a talk or paper from its title (and abstract): (topic, score, top terms), best first.

    Only topics with a score of at least :data:`MIN_SCORE` are returned; an empty list
    means the text says nothing the topic map knows.
    """
    return [
        (p.topic, round(p.score, 4), list(p.top_terms))
        for p in default_model().predict(text, k)
        if p.score >= MIN_SCORE
    ]


def assign_topics(texts: list[str], k: int = 3) -> list[list[str]]:
    """Batched :func:`assign` without the reasons: the topic keys to store for each text.

    One matrix product per call, so a sync can tag thousands of papers at once. The rule is
    the same: the best topic plus any other at least half as likely, none below
    :data:`MIN_SCORE`, none for a text with no word the model knows.
    """
    if not texts:
        return []
    model = default_model()
    features = model.features(texts)
    probabilities = _softmax(features @ model.weights + model.bias)
    known = np.count_nonzero(features, axis=1) > 0
    out: list[list[str]] = []
    for row, has_words in zip(probabilities, known, strict=True):
        best = float(row.max())
        if not has_words or best < MIN_SCORE:
            out.append([])
            continue
        floor = max(best / 2, MIN_SCORE)
        out.append([model.labels[c] for c in row.argsort()[::-1][:k] if row[c] >= floor])
    return out


def assign(text: str, k: int = 3) -> list[tuple[str, float, list[str]]]:
    """The topics to store for a talk: the best one, plus any others at least half as likely."""
    found = classify(text, k)
    if not found:
        return []
    best = found[0][1]
    return [item for item in found if item[1] >= best / 2]
