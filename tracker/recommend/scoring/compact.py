"""The kernel's input for a large catalog, held compactly and made into blocks of rows.

:class:`EditionFeatures` is dense: per edition a row of the topic and name matrices, and
per history a row of past-place weights over every place. At a million editions those are
hundreds of megabytes, most of it repeated (the editions of a series share its topics) or
zero (a series met at a handful of the catalog's places). :class:`CompactFeatures` keeps
the tables per series and the weights as sparse rows, and :meth:`CompactFeatures.block`
gives the dense :class:`EditionFeatures` of some rows, equal to the same rows of the dense
whole: what :func:`~tracker.recommend.scoring.ranking.score_in_blocks` scores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from tracker.recommend.scoring.features import EditionFeatures, PastPlaces


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class SparseRows:
    """A matrix of mostly zeros as its rows' nonzero columns and values (CSR)."""

    starts: np.ndarray  # (R + 1,) row r is starts[r]:starts[r + 1] of columns and values
    columns: np.ndarray
    values: np.ndarray
    width: int

    def __len__(self) -> int:
        return len(self.starts) - 1

    @property
    def shape(self) -> tuple[int, int]:
        return len(self), self.width

    def dense(self, rows: np.ndarray) -> np.ndarray:
        """The rows ``rows`` as a dense (len(rows), width) float matrix."""
        rows = np.asarray(rows, dtype=np.int64)
        counts = self.starts[rows + 1] - self.starts[rows]
        out = np.zeros((len(rows), self.width))
        if not len(rows) or not counts.sum():
            return out
        at = np.repeat(self.starts[rows] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        out[np.repeat(np.arange(len(rows)), counts), self.columns[at]] = self.values[at]
        return out


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class CompactPast:
    """:class:`PastPlaces` with sparse weights (see :meth:`block`)."""

    history: np.ndarray  # (n,) int index into weights, -1 none
    weights: SparseRows  # (S, P)
    latitude: np.ndarray
    longitude: np.ndarray
    country: np.ndarray
    region: np.ndarray

    def block(self, index: np.ndarray | slice) -> PastPlaces:
        """The rows at ``index`` with only the histories they use, dense: equal to
        ``PastPlaces(...)[index].compact()`` of the dense weights."""
        history = self.history[index]
        used = history >= 0
        held, at = np.unique(history[used], return_inverse=True)
        if not len(held):
            weights = self.weights.dense(np.zeros(1, dtype=np.int64))
        else:
            history = np.full(len(history), -1, dtype=history.dtype)
            history[used] = at.reshape(-1)
            weights = self.weights.dense(held)
        return PastPlaces(history, weights, self.latitude, self.longitude, self.country, self.region)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class CompactFeatures:
    """:class:`EditionFeatures` of ``n`` editions with the topic and name rows held per table
    row (``topic_row``, ``named_row``) and the past places sparse.

    ``base`` has every per-edition column but those: its ``topics`` is ``(n, 0)`` (no memory),
    its ``named`` and ``past`` are None.
    """

    base: EditionFeatures
    topic_table: np.ndarray  # (T, V) bool
    topic_row: np.ndarray  # (n,) each edition's row of topic_table
    named_table: np.ndarray | None  # (N, V) bool
    named_row: np.ndarray | None  # (n,)
    past: CompactPast | None = None

    def __len__(self) -> int:
        return len(self.base)

    @property
    def start(self) -> np.ndarray:
        return self.base.start

    def block(self, index: np.ndarray | slice) -> EditionFeatures:
        """The dense rows at ``index`` (``EditionFeatures.block`` of the dense whole)."""
        taken = self.base.take(index)
        named = None
        if self.named_table is not None and self.named_row is not None:
            named = self.named_table[self.named_row[index]]
        past = None if self.past is None else self.past.block(index)
        return replace(taken, topics=self.topic_table[self.topic_row[index]], named=named, past=past)

    def dense(self) -> EditionFeatures:
        """Every row, dense, with the whole of the past places' weights (a small catalog's)."""
        whole = self.block(slice(None))
        if self.past is None:
            return whole
        p = self.past
        weights = p.weights.dense(np.arange(len(p.weights)))
        return replace(
            whole, past=PastPlaces(p.history, weights, p.latitude, p.longitude, p.country, p.region)
        )
