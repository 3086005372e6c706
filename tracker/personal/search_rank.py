"""The exact bm25 top of a notes search without scoring every match.

FTS5's ``bm25()`` costs ~1.3 µs a matching note (it walks the note's positions and reads
its length), so a word found in most of 100,000 notes takes ~130 ms to rank whole, while
merely listing the matches takes ~5 ms. The best ``limit`` notes are found exactly, with
bm25 computed for a few thousand notes only, from an upper bound that needs no positions.

For a query of phrases ``i`` FTS5 scores a note of ``D`` tokens (``avgdl`` on average over
``N`` notes) as

    score = sum_i idf_i * f_i * (k1 + 1) / (f_i + K),   K = k1 * (1 - b + b * D / avgdl)

(k1 = 1.2, b = 0.75, ``idf_i = log((N - n_i + 0.5) / (n_i + 0.5))`` or 1e-6 when that is not
positive, ``n_i`` the notes holding phrase ``i``, ``f_i`` its occurrences in this note), and
``bm25()`` returns ``-score``. ``f / (f + K)`` grows with ``f``, so any ``F_i >= f_i`` gives
``score <= UB = (k1 + 1) * sum_i idf_i * F_i / (F_i + K)``. The index keeps, per note, ``D``
and ``top``, the count of its most frequent token (``note_fts_stats``, migration 0016,
counted by FTS5's own tokenizer). Every occurrence of a phrase starts with an occurrence of
its first token, so ``f_i <= top`` for a word or phrase; a native prefix phrase ``"x"*``
counts occurrences of many tokens, so only ``f_i <= D``. ``n_i`` is exact (the index's
vocabulary for a plain word, a count otherwise).

:func:`best` then (1) scores the newest ``SAMPLE`` matches exactly: the ``limit``-th best
score among them, ``theta``, is at most the ``limit``-th best score of all matches; (2)
scores only the matches with ``UB >= theta``. A note outside that set has
``score <= UB < theta``: below every note of the true top, so the top is the same notes in
the same order (equal scores: newest first) as ranking every match. When few notes match,
all are ranked at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Connection, text

from tracker.models.base import FTS_TABLE

K1 = 1.2  # FTS5's bm25 constants (fts5_aux.c)
B = 0.75
STATS_TABLE = f"{FTS_TABLE}_stats"
STATS_INDEX = f"ix_{STATS_TABLE}_top_length"
# At most this many matches are ranked whole (~1.3 µs each, ~20 ms): below it the sample
# and the bound (a Chinese word in 11,000 notes: phrases are dear to sample) do not pay.
DIRECT = 16_000
# The newest matches scored exactly to find the threshold: more costs more now and leaves
# fewer notes over the threshold; 2,000 at 100,000 notes leaves ~1-5% of the matches.
SAMPLE = 2_000
# Above this share of the sampled notes within the bound, every match is ranked instead.
LOOSE = 0.3
# The bound is computed in another order than FTS5 computes the score: a margin far above
# the rounding of either (~1e-15) keeps a note whose bound equals its score a candidate.
MARGIN = 1e-9


@dataclass(frozen=True)
class Terms:
    """What the bound needs to know of a MATCH expression besides its scores."""

    # How many notes hold each term spelled out in an OR group (a prefix, from the vocabulary).
    grouped: list[int]
    # Whether a native prefix phrase ("x"*, occurrences of many tokens) is among the words.
    prefix: bool


def idf(notes: int, total: int) -> float:
    """FTS5's inverse document frequency (never below 1e-6)."""
    value = math.log((total - notes + 0.5) / (notes + 0.5))
    return value if value > 0 else 1e-6


def index_totals(conn: Connection) -> tuple[int, int]:
    """The number of notes in the index and their tokens: FTS5's own "averages" record."""
    block = conn.execute(text(f"SELECT block FROM {FTS_TABLE}_data WHERE id = 1")).scalar()
    if not block:
        return 0, 0
    notes, at = _varint(block, 0)
    tokens, _ = _varint(block, at)
    return notes, tokens


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """An SQLite varint (big-endian, 7 bits a byte, the ninth byte whole) and where it ends."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def best(
    conn: Connection, match: str, terms: Terms, limit: int, edition_id: int | None
) -> list[tuple[int, float]]:
    """The ``limit`` best matches of ``match`` as (note id, bm25), best first, newest first on ties."""
    params: dict[str, object] = {"match": match, "edition": edition_id, "limit": limit}
    in_edition = " AND s.edition_id = :edition" if edition_id is not None else ""
    counted = conn.execute(
        text(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match LIMIT :cap)"),
        {"match": match, "cap": DIRECT + 1},
    ).scalar_one()
    sample = (
        []
        if counted <= DIRECT
        else conn.execute(
            text(
                f"SELECT -bm25({FTS_TABLE}), s.top, s.length FROM {FTS_TABLE} CROSS JOIN {STATS_TABLE} AS s"
                f" ON s.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH :match{in_edition}"
                f" ORDER BY {FTS_TABLE}.rowid DESC LIMIT :sample"
            ),
            {**params, "sample": max(SAMPLE, limit)},
        ).all()
    )
    if len(sample) < limit:  # few notes match (in the edition): rank them all
        return _ranked(conn, params, join=_all_of(edition_id))
    total, tokens = index_totals(conn)
    kb0, kb1 = K1 * (1 - B), K1 * B / (tokens / total)  # K = kb0 + kb1 * D
    theta = sorted((score for score, _, _ in sample), reverse=True)[limit - 1]
    # Every word outside an OR group occurs at least once in a matching note, so a sampled
    # note's score is at least (k1 + 1) * sum(idf) / (1 + K): the least such bound holds.
    words = min(score * (1 + kb0 + kb1 * length) for score, _, length in sample) / (K1 + 1)
    weight = (K1 + 1) * (words + sum(idf(notes, total) for notes in terms.grouped))
    # UB >= theta  <=>  x / (x + K) >= c  <=>  x * (1 - c) / (c * kb1) >= kb0 / kb1 + D.
    c = theta / (weight * (1 + MARGIN))
    slope, offset = (1 - c) / (c * kb1), kb0 / kb1
    # As many sampled notes pass the bound as (about) the share of all matches that will:
    # when most would, checking the bound costs more than it saves.
    passing = sum((length if terms.prefix else top) * slope >= offset + length for _, top, length in sample)
    if passing > len(sample) * LOOSE:
        return _ranked(conn, params, join=_all_of(edition_id))
    params |= {"slope": slope, "offset": offset, "lowest": max(1, math.floor(offset / slope))}
    if terms.prefix:  # x = D: checked on every match
        within = f"SELECT id FROM {STATS_TABLE} AS s WHERE s.length * :slope >= :offset + s.length"
        within += in_edition
    else:
        # x = top: for each count t, the notes of length <= t * slope - offset, read off
        # the (top, length) index without touching any other note.
        within = (
            f"WITH RECURSIVE tops(t) AS (SELECT :lowest UNION ALL SELECT t + 1 FROM tops"
            f" WHERE t < (SELECT max(top) FROM {STATS_TABLE})) SELECT s.id FROM tops"
            f" JOIN {STATS_TABLE} AS s INDEXED BY {STATS_INDEX} ON s.top = tops.t"
            f" AND s.length <= tops.t * :slope - :offset{in_edition}"
        )
    # ``+`` keeps the IN from FTS5 (which would run the query again for each id).
    return _ranked(conn, params, where=f" AND +{FTS_TABLE}.rowid IN ({within})")


def _all_of(edition_id: int | None) -> str:
    """Every match, or those in the edition (each match's row of the statistics looked up)."""
    if edition_id is None:
        return ""
    return f" CROSS JOIN {STATS_TABLE} AS s ON s.id = {FTS_TABLE}.rowid AND s.edition_id = :edition"


def _ranked(
    conn: Connection, params: dict[str, object], *, join: str = "", where: str = ""
) -> list[tuple[int, float]]:
    """The best ``limit`` matches by bm25 (equal scores: newest first), of those kept by ``join``/``where``.

    bm25() rather than FTS5's rank column: ORDER BY rank makes FTS5 sort every match
    itself, where SQLite keeps only the best LIMIT rows while it scans.
    """
    rows = conn.execute(
        text(
            f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE}{join}"
            f" WHERE {FTS_TABLE} MATCH :match{where} ORDER BY score, {FTS_TABLE}.rowid DESC LIMIT :limit"
        ),
        params,
    )
    return [(note_id, score) for note_id, score in rows]
