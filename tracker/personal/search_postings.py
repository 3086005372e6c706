"""A token's posting as NumPy arrays, and notes split into tokens, for search_index.py."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

I32 = np.dtype("<i4")  # as the BLOBs hold them
Ints = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Posting:
    """One token's notes (ascending), its count in each, and its positions note after note."""

    docs: Ints
    counts: Ints
    positions: Ints

    def without(self, ids: Ints) -> Posting:
        """The posting with the notes ``ids`` (ascending) left out."""
        keep = kept(self.docs, ids)
        if keep is None:
            return self
        positions = self.positions[np.repeat(keep, self.counts)] if len(self.positions) else self.positions
        return Posting(self.docs[keep], self.counts[keep], positions)

    def merged(self, other: Posting) -> Posting:
        """This posting and another of other notes, as one (each note's positions kept together)."""
        if not len(other.docs):
            return self
        if not len(self.docs):
            return other
        if other.docs[0] > self.docs[-1]:  # new notes after the others: the usual case
            return Posting(
                np.concatenate((self.docs, other.docs)),
                np.concatenate((self.counts, other.counts)),
                np.concatenate((self.positions, other.positions)),
            )
        at = np.searchsorted(self.docs, other.docs)
        positions = EMPTY.positions  # both without them (a search that needs none)
        if len(other.positions):
            starts = np.concatenate(([0], np.cumsum(self.counts)))[at]
            positions = np.insert(self.positions, np.repeat(starts, other.counts), other.positions)
        return Posting(
            np.insert(self.docs, at, other.docs), np.insert(self.counts, at, other.counts), positions
        )


def kept(docs: Ints, ids: Ints) -> npt.NDArray[np.bool_] | None:
    """Which of ``docs`` (ascending) are not among ``ids`` (ascending); None when all are not."""
    if not len(ids) or not len(docs):
        return None
    at = np.searchsorted(docs, ids)
    inside = at < len(docs)
    at = at[inside]
    at = at[docs[at] == ids[inside]]
    if not len(at):
        return None
    keep = np.ones(len(docs), dtype=bool)
    keep[at] = False
    return keep


EMPTY = Posting(np.zeros(0, I32), np.zeros(0, I32), np.zeros(0, I32))


class Split:
    """Some notes' (token, note, position) rows as FTS5's tokenizer gives them, by token.

    Kept as two arrays and each token's span of them: a posting is made only for a token
    asked for (a Posting a token costs ~25 µs: too much for every token of 64 notes).
    """

    def __init__(self, rows: list[tuple[str, int, int]]) -> None:
        self.docs = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
        self.offsets = np.fromiter((row[2] for row in rows), dtype=np.int64, count=len(rows))
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        for term, group in itertools.groupby(row[0] for row in rows):  # fts5vocab: by token
            end = start + sum(1 for _ in group)
            self.spans[term] = (start, end)
            start = end

    def get(self, token: str) -> Posting | None:
        span = self.spans.get(token)
        if span is None:
            return None
        docs = self.docs[span[0] : span[1]]  # by note, then position
        starts = np.concatenate(([0], np.flatnonzero(np.diff(docs)) + 1))
        counts = np.diff(np.concatenate((starts, [len(docs)])))
        return Posting(
            docs[starts].astype(I32), counts.astype(I32), self.offsets[span[0] : span[1]].astype(I32)
        )
