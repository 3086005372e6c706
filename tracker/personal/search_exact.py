"""FTS5's bm25 ranking of a notes search, computed exactly on NumPy arrays of the postings.

For a MATCH expression of phrases ``i`` (in the order written) FTS5's ``bm25()``
(fts5_aux.c) scores a note of ``D`` tokens, ``N`` notes holding ``T`` tokens in all, as

    score = sum_i idf_i * (f_i * (k1 + 1)) / (f_i + k1 * (1 - b + b * D / (T / N)))

with k1 = 1.2, b = 0.75, ``f_i`` the phrase's occurrences in the note, ``n_i`` the notes
holding it anywhere (whatever the rest of the query), ``idf_i = log((N - n_i + 0.5) /
(n_i + 0.5))`` or 1e-6 when that is not positive, and returns ``-score``. Here the same
operations run in the same order on float64 arrays (so the scores are FTS5's to the last
bit and equal scores stay equal), over the postings of tracker/personal/search_index.py:
a word's notes and counts as stored; a phrase (``follow-up`` is follow up, 注意力 is 注 意 力)
by positions, its tokens at consecutive places; a prefix as every token that begins with
it. ``N`` and ``T`` are read from FTS5's own record of them. Words are ANDed, the terms a
prefix was spelled out as (search.py) ORed, the edition is a mask, and the best ``limit``
are taken by partition, equal scores newest (highest id) first, as ``ORDER BY bm25,
rowid DESC`` orders them.
"""

from __future__ import annotations

import math
import re
import sqlite3

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from tracker.personal import search_index
from tracker.personal.search_index import Snapshot
from tracker.personal.search_rank import K1, STATS_TABLE, B, index_totals

Floats = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int64]
# A prefix that begins more tokens than this is left to FTS5 (loading them all costs more).
MAX_TERMS = 2_000
# Per-note arrays are indexed by note id: past this id (ids far sparser than the notes)
# the ranking is left to FTS5.
MAX_ID = 1 << 26
# Up to this many matches, their lengths and editions are read by id (~1 µs each), not the
# row of every note (~1 ms).
FEW = 2_000
_PLAIN = re.compile(r"[a-z0-9]+")
# A group of a query: phrases ORed, each as (its text as indexed, whether it ends in ``*``).
Group = list[tuple[str, bool]]


def best(
    conn: Connection, groups: list[Group], limit: int, edition_id: int | None
) -> list[tuple[int, float]] | None:
    """The ``limit`` best notes as (id, bm25), as FTS5 ranks them; None: not answered here."""
    try:
        snap = search_index.snapshot(conn)
    except sqlite3.OperationalError:  # its tables gone (db repair makes them again)
        return None
    if snap is None:
        return None
    written = [(indexed, prefix) for group in groups for indexed, prefix in group]
    # Split by FTS5's tokenizer, all at once; a plain word is its own token.
    split = [text for text, prefix in written if prefix or not _PLAIN.fullmatch(text)]
    tokens_of = dict(zip(split, search_index.tokens_of(conn, split), strict=True)) if split else {}
    phrases: list[tuple[Ids, Floats]] = []
    for indexed, prefix in written:
        tokens = tokens_of.get(indexed, [indexed]) if prefix or not _PLAIN.fullmatch(indexed) else [indexed]
        if not tokens:  # nothing FTS5's tokenizer keeps: FTS5 says what that means
            return None
        found = _phrase(snap, tokens, prefix)
        if found is None:
            return None
        phrases.append(found)
    total, tokens_in_all = index_totals(conn)
    held = [docs for docs, _ in phrases if len(docs)]
    if not total or not held:
        return []
    size = max(int(docs[-1]) for docs in held) + 1
    if size > MAX_ID:
        return None
    match = np.ones(size, dtype=bool)
    at = 0
    for group in groups:
        within = np.zeros(size, dtype=bool)
        for docs, _ in phrases[at : at + len(group)]:
            within[docs] = True
        match &= within
        at += len(group)
    notes = np.flatnonzero(match)
    if not len(notes):
        return []
    found_notes = _editions_lengths(conn, snap, notes)
    if found_notes is None:
        return None
    editions, lengths = found_notes
    if edition_id is not None:
        inside = editions == edition_id
        notes, lengths = notes[inside], lengths[inside]
        if not len(notes):
            return []
    scores = _scores(phrases, notes, lengths, total, tokens_in_all, size)
    return _top(notes, scores, limit)


def _editions_lengths(conn: Connection, snap: Snapshot, notes: Ids) -> tuple[Ids, Floats] | None:
    """The notes' editions and lengths: of a few, from note_fts_stats (kept by triggers, 0017);
    of many, from the index's own row of every note. None: a note missing (out of step)."""
    if len(notes) <= FEW:
        driver = conn.connection.driver_connection
        assert driver is not None
        marks = ", ".join("?" * len(notes))
        sql = f"SELECT edition_id, length FROM {STATS_TABLE} WHERE id IN ({marks}) ORDER BY id"
        rows = driver.execute(sql, notes.tolist()).fetchall()
        if len(rows) != len(notes):
            return None
        values = np.array(rows, dtype=np.int64).reshape(len(rows), 2)
        return values[:, 0], values[:, 1].astype(np.float64)
    ids, editions, lengths = snap.notes()
    at = np.minimum(np.searchsorted(ids, notes), len(ids) - 1) if len(ids) else notes * 0
    if not len(ids) or not np.array_equal(ids[at], notes):
        return None
    return editions[at].astype(np.int64), lengths[at].astype(np.float64)


def _scores(
    phrases: list[tuple[Ids, Floats]], notes: Ids, lengths: Floats, total: int, tokens: int, size: int
) -> Floats:
    """bm25's score (positive) of each note, operation for operation as fts5_aux.c computes it."""
    avgdl = float(tokens) / float(total)
    k = K1 * (1 - B + B * lengths / avgdl)
    score = np.zeros(len(notes), dtype=np.float64)
    for docs, freqs in phrases:
        idf = math.log((total - len(docs) + 0.5) / (len(docs) + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        f = np.zeros(size, dtype=np.float64)
        f[docs] = freqs
        f = f[notes]
        score += idf * ((f * (K1 + 1.0)) / (f + k))
    return score


def _top(notes: Ids, scores: Floats, limit: int) -> list[tuple[int, float]]:
    """The best ``limit`` (highest score, then highest id) as (id, bm25 = -score)."""
    if len(notes) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        within = np.flatnonzero(scores >= kth)
        notes, scores = notes[within], scores[within]
    order = np.lexsort((-notes, -scores))[:limit]
    return [(int(notes[i]), -1.0 * float(scores[i])) for i in order]


def _phrase(snap: Snapshot, tokens: list[str], prefix: bool) -> tuple[Ids, Floats] | None:
    """The notes holding a phrase (ascending) and its occurrences in each; None: left to FTS5."""
    slots = []
    for j, token in enumerate(tokens):
        terms = snap.vocabulary(token) if prefix and j == len(tokens) - 1 else [token]
        if len(terms) > MAX_TERMS:
            return None
        if not terms:  # a prefix no token begins with: in no note
            return np.zeros(0, np.int64), np.zeros(0)
        slots.append(terms)
    positions = len(slots) > 1
    postings = snap.postings([t for terms in slots for t in terms], positions=positions)
    held = [p for p in postings.values() if len(p.docs)]
    if not held:
        return np.zeros(0, np.int64), np.zeros(0)
    size = max(int(p.docs[-1]) for p in held) + 1
    if not positions:
        if len(held) == 1:
            return held[0].docs.astype(np.int64), held[0].counts.astype(np.float64)
        # A prefix: each note's occurrences of all its tokens (indexed by note id).
        weights = np.concatenate([p.counts for p in held]).astype(np.float64)
        counts = np.bincount(np.concatenate([p.docs for p in held]), weights=weights, minlength=size)
        notes = np.flatnonzero(counts).astype(np.int64)
        return notes, counts[notes].astype(np.float64)
    # The notes holding every token first (indexed by note id): only their positions are compared.
    common = np.ones(size, dtype=bool)
    for terms in slots:
        within = np.zeros(size, dtype=bool)
        for term in terms:
            within[postings[term].docs] = True
        common &= within
    inter: Ids | None = None
    for j, terms in enumerate(slots):
        keys = []
        for term in terms:
            p = postings[term]
            occurs = np.repeat(p.docs, p.counts)  # each occurrence's note
            inside = common[occurs]
            # One int64 per occurrence: the note above, the place (less the slot) below.
            keys.append((occurs[inside].astype(np.int64) << 32) + p.positions[inside] - j)
        found = np.sort(np.concatenate(keys)) if len(keys) > 1 else keys[0]
        inter = found if inter is None else inter[_among(inter, found)]
    assert inter is not None
    return _runs(inter >> 32)


def _runs(values: Ids) -> tuple[Ids, Floats]:
    """The distinct values of an ascending array and how many times each occurs."""
    if not len(values):
        return values, np.zeros(0)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(values)) + 1))
    return values[starts], np.diff(np.concatenate((starts, [len(values)]))).astype(np.float64)


def _among(values: Ids, sorted_set: Ids) -> npt.NDArray[np.bool_]:
    """Which of ``values`` are in ``sorted_set`` (ascending)."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values
