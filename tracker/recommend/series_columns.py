"""What is per series, read once per series: texts, the stored quality, topics, tracks.

A million editions belong to a hundred thousand series. Their texts stay joined
(:class:`~tracker.recommend.columns.TextColumn`); the topic tables are series x vocabulary,
indexed per edition only block by block (:mod:`tracker.recommend.scoring.compact`); and
the Python string work (folding names, matching tracks) is done only for the few series a
cheap search over the joined text cannot rule out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from tracker.recommend import tracks
from tracker.recommend.columns import SEPARATOR, TextColumn, joined_columns
from tracker.recommend.scoring import sets


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class SeriesColumns:
    """Every series' columns, in id order (the quality composite as the text SQLite writes it)."""

    ids: np.ndarray
    keys: TextColumn
    acronyms: TextColumn
    names: TextColumn
    quality: np.ndarray  # the composite's mean, NaN: nothing known
    confidence: np.ndarray


def series_columns(conn: Any) -> SeriesColumns:
    from sqlalchemy import String, cast, func, select

    from tracker.models.catalog_tables import series

    s = series.c

    def real(column: Any) -> Any:
        # As text: the figures the per-edition columns carried before (SQLite's 15 digits).
        return func.coalesce(cast(column, String), "nan")

    col = joined_columns(
        conn,
        select(
            s.id, s.key, s.acronym, s.name,
            real(s.quality_mean).label("quality"), real(s.quality_confidence).label("confidence"),
        ).order_by(s.id).subquery(),
    )  # fmt: skip
    ids = col.integers("id")
    keys, acronyms, names = col.column("key"), col.column("acronym"), col.column("name")
    quality, confidence = col.numbers("quality"), col.numbers("confidence")
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # an engine that did not keep the order
        order = np.argsort(ids, kind="stable").tolist()
        keys, acronyms, names = (_reordered(c, order) for c in (keys, acronyms, names))
        ids, quality, confidence = ids[order], quality[order], confidence[order]
    return SeriesColumns(ids, keys, acronyms, names, quality, confidence)


def _reordered(column: TextColumn, order: list[int]) -> TextColumn:
    texts = column.all()
    return TextColumn(SEPARATOR.join(texts[i] for i in order), len(texts))


class RowTexts(Sequence[str]):
    """A text column seen through a row index: ``texts[row]`` is ``column[at[row]]`` (the
    candidates among every edition, or each edition's series)."""

    def __init__(self, column: TextColumn, at: np.ndarray) -> None:
        self._column, self._at = column, at

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, row: int) -> str: ...
    @overload
    def __getitem__(self, row: slice) -> list[str]: ...
    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        return self._column[int(self._at[row])]

    def __iter__(self) -> Iterator[str]:
        every = self._column.all()
        return (every[i] for i in self._at.tolist())


def topic_table(conn: Any, series_ids: np.ndarray, vocabulary: list[str]) -> np.ndarray:
    """(len(series_ids), V) bool: the vocabulary topics each series carries (ids sorted)."""
    from sqlalchemy import case, select

    from tracker.models.catalog_tables import series_topic

    st = series_topic.c
    # The topic as its column in SQL: two integer columns parsed by NumPy, not 200,000 tuples.
    column = case({key: at for at, key in enumerate(vocabulary)}, value=st.topic, else_=-1)
    pairs = joined_columns(conn, select(st.series_id, column.label("column")).subquery())
    matrix = np.zeros((len(series_ids), len(vocabulary)), dtype=bool)
    sid, at = pairs.integers("series_id"), pairs.integers("column")
    if len(sid) and len(series_ids):
        pos = np.clip(np.searchsorted(series_ids, sid), 0, len(series_ids) - 1)
        ok = (at >= 0) & (series_ids[pos] == sid)
        matrix[pos[ok], at[ok]] = True
    return matrix


def named_table(names: TextColumn, vocabulary: list[str]) -> np.ndarray:
    """(S, V) bool: the vocabulary topics each series' own name names (:func:`topics.named_in`).

    A name names a topic only if one of its words is the first word of a topic's name or
    alias; the names holding none of those words (nearly all of a large synthetic or
    regional catalog) are ruled out by one search over the joined names, and ``named_in``
    reads the rest.
    """
    from tracker.catalog import topics

    column_of = {key: at for at, key in enumerate(vocabulary)}
    out = np.zeros((len(names), len(vocabulary)), dtype=bool)
    firsts = {
        words[0]
        for topic in topics.vocabulary().values()
        for name in (topic.name, *topic.aliases)
        if (words := _plain(name).split())
    }
    rows = _rows_with_words(names, firsts)
    for row, keys in zip(rows.tolist(), topics.named_in(names[r] for r in rows.tolist()), strict=True):
        for key in keys:
            if key in column_of:
                out[row, column_of[key]] = True
    return out


def _plain(text: str) -> str:
    """:func:`tracker.text.fold` of an ASCII text: lower case, ``-`` and ``_`` as spaces."""
    from tracker.text import fold

    return text.lower().replace("-", " ").replace("_", " ") if text.isascii() else fold(text)


def _ascii_lowered(text: str) -> str:
    """``text`` with its ASCII letters lowered and ``-``, ``_`` as spaces, character for
    character (so that a position in it is one in ``text``; ``str.lower`` may lengthen a
    non-ASCII text): an ASCII row of it is the row's :func:`_plain` form."""
    if text.isascii():
        return text.lower().replace("-", " ").replace("_", " ")
    units = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    units[(units >= ord("A")) & (units <= ord("Z"))] += ord("a") - ord("A")
    units[(units == ord("-")) | (units == ord("_"))] = ord(" ")
    return units.tobytes().decode("utf-32-le")


def _rows_with_words(column: TextColumn, words: Iterable[str]) -> np.ndarray:
    """The rows (sorted) that may have one of ``words`` as a whole folded word: every row
    that is not ASCII (folding may change its words), and the ASCII rows where one is."""
    text = column.text
    if not len(column):
        return np.zeros(0, dtype=np.int64)
    lowered = _ascii_lowered(text)
    hits = sorted(set(words) & set(lowered.split()))
    found: list[np.ndarray] = []
    if hits:
        pattern = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, hits)) + r")(?!\S)")
        at = np.fromiter((m.start() for m in pattern.finditer(lowered)), dtype=np.int64)
        found.append(column.rows_at(at))
    if not text.isascii():
        found.append(np.flatnonzero(~np.fromiter(map(str.isascii, column.all()), dtype=bool)))
    return sets.distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def track_parents(acronyms: TextColumn, at_series: np.ndarray, years: np.ndarray) -> np.ndarray:
    """:func:`tracks.parent_rows` of every edition, looking only at the editions of series
    that are tracks or may be a track's parent (a large catalog has few of either)."""
    from tracker.text import fold

    out = np.full(len(at_series), -1, dtype=np.int64)
    if not len(at_series):
        return out
    used = np.zeros(len(acronyms), dtype=bool)
    used[at_series] = True
    # A track's acronym has a parenthesis: the pattern is matched only where there is one.
    bracketed = acronyms.rows_at(_positions(acronyms.text, "("))
    track_parts = {
        s: t for s in sets.distinct(bracketed).tolist() if used[s] and (t := tracks.track_of(acronyms[s]))
    }
    parents = {fold(t[0]) for t in track_parts.values()}
    if not parents:
        return out
    # A parent's acronym, lowered, holds the parent's first word: only those rows are folded.
    lowered = _ascii_lowered(acronyms.text)
    maybe = [acronyms.rows_at(_positions(lowered, p.split()[0])) for p in parents if p]
    if not acronyms.text.isascii():
        maybe.append(np.flatnonzero(~np.fromiter(map(str.isascii, acronyms.all()), dtype=bool)))
    involved = np.zeros(len(acronyms), dtype=bool)
    for s in sets.distinct(np.concatenate([*maybe, np.zeros(0, dtype=np.int64)])).tolist():
        involved[s] = used[s] and fold(acronyms[s]) in parents
    involved[list(track_parts)] = True
    rows = np.flatnonzero(involved[at_series])
    names = [acronyms[s] for s in at_series[rows].tolist()]
    found = tracks.parent_rows(names, years[rows].tolist())
    out[rows] = np.where(found >= 0, rows[np.maximum(found, 0)], -1)
    return out


def _positions(text: str, part: str) -> np.ndarray:
    """Where ``part`` occurs in ``text`` (str.find in C, one call per occurrence)."""
    out: list[int] = []
    at = text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return np.array(out, dtype=np.int64)
