"""The exact bm25 top of a notes search without scoring every match.

FTS5's ``bm25()`` costs ~1.3-3 µs a matching note (it walks the note's positions and reads
its length), so a word found in most of 100,000 notes takes ~130 ms to rank whole, while
merely listing the matches takes ~5 ms. The best ``limit`` notes are found exactly, with
bm25 computed for a few thousand notes only, from an upper bound that needs no positions.

For a query of phrases ``i`` FTS5 scores a note of ``D`` tokens (``avgdl`` on average over
``N`` notes) as

    score = sum_i w_i * g(f_i),   g(f) = f / (f + K),   K = k1 * (1 - b + b * D / avgdl)

(k1 = 1.2, b = 0.75, ``w_i = (k1 + 1) * idf_i``, ``idf_i = log((N - n_i + 0.5) / (n_i + 0.5))``
or 1e-6 when that is not positive, ``n_i`` the notes holding phrase ``i``, ``f_i`` its
occurrences in this note), and ``bm25()`` returns ``-score``. ``g`` grows with ``f``, so any
``F_i >= f_i`` bounds the score. The index keeps, per note, ``D`` and its four largest token
counts ``c1 >= c2 >= c3 >= c4`` (``note_fts_stats``, migration 0017, counted by FTS5's own
tokenizer). Each occurrence of a phrase holds each of its whole tokens, so a phrase of ``q``
distinct tokens has ``q`` tokens occurring at least ``f_i`` times: ``f_i <= c_q`` (``c4`` for
q > 4). Two bounds follow, and the score is at most the smaller:

* each phrase alone: ``sum_i w_i * g(c_{q_i})``;
* the phrases together: ordered by ``f`` (largest first), the first ``j`` of them hold at least
  ``v_j`` distinct tokens, each occurring at least the ``j``-th largest ``f`` times, where
  ``v_j`` is the fewest distinct tokens any ``j`` of the query's phrases hold; so the
  ``j``-th largest ``f`` is at most ``c_{v_j}``, and (the ``g(c_{v_j})`` falling with ``j``)
  the score is at most ``sum_j w_(j) * g(c_{v_j})`` with the weights sorted largest first.
  Two common words are bounded by ``c1`` and ``c2``, not twice by ``c1``.

A bare prefix ``"x"*`` counts occurrences of many tokens: only ``f <= D``.

:func:`best` then (1) scores the newest ``SAMPLE`` matches exactly: the ``limit``-th best
score among them, ``theta``, is at most the ``limit``-th best score of all matches; (2) tries
a higher level first (a score that only a few dozen matches should reach, judged from the
sample's exact scores) and scores the notes whose bound reaches it: if their ``limit``-th
best reaches the level, that is the top; (3) else scores the notes whose bound reaches
``theta`` (or that ``limit``-th best, if higher). The notes within a bound are found on each
match's statistics or by walking an index of them, whichever costs less (roughly). A note
left out has ``score <= bound < threshold <= the limit-th best score``: below every note of
the true top, so the top is the same notes in the same order (equal scores: newest first)
as ranking every match. When few notes match, or the bound lets most through, every match
is ranked at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from tracker.cjk import is_cjk
from tracker.models.base import FTS_TABLE
from tracker.personal.search_bound import TOPS, Bound, Phrase, idf, make_bound

K1 = 1.2  # FTS5's bm25 constants (fts5_aux.c)
B = 0.75
STATS_TABLE = f"{FTS_TABLE}_stats"
STATS_INDEX = f"ix_{STATS_TABLE}_tops"  # led by top
STATS_INDEX2 = f"ix_{STATS_TABLE}_tops2"  # led by top2
# At most this many matches are ranked whole (~3 µs each for a phrase, ~35 ms): below it
# the sample and the bound do not pay (measured at 100,000 notes: 11,000 matches of a
# Chinese word rank as fast whole, 16,000 faster with the bound).
DIRECT = 12_000
# The newest matches scored exactly to find the threshold: more costs more now and leaves
# fewer notes over the threshold.
SAMPLE = 1_000
# Above this share of the sampled notes within the bound, every match is ranked instead
# (the bounded path's own passes over the index cost about what bm25 saves then).
LOOSE = 0.5
# The bound is computed in another order than FTS5 computes the score: a margin far above
# the rounding of either (~1e-15) keeps a note whose bound equals its score a candidate.
MARGIN = 1e-9
# A scratch index in TEMP, with the index's tokenizer, that splits and folds a query phrase.
TOKENS_TABLE = f"{FTS_TABLE}_query"
_TOKENS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TOKENS_TABLE} USING fts5(body, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TOKENS_TABLE}_vocab "
    f"USING fts5vocab(temp, {TOKENS_TABLE}, instance)",
)
# Rough costs in µs a row (measured at 100,000 notes) that choose how to rank: bm25 of a
# match, the statistics' row of a match or of a walked note, a division-heavy bound on
# it, a match listed and looked up among the candidates.
BM25, ROW, EXPRESSION, LISTED = 2.5, 0.4, 2.5, 0.2
# The walk is chosen only when at least this share of the notes match (it reads notes that
# do not match as well, and their counts are guessed from those that do).
MOSTLY = 0.3
# Weights from the sample instead of counts when that loosens the bound by at most this
# share of the threshold.
SLACK = 0.01
# The first, higher level is reached by about this many times ``limit`` of the matches, and
# by at least this many sampled notes (the best one alone is too often a note of the top).
SAFETY = 3.0
LEAST = 3
# How many of the sampled notes estimate the share that passes a bound.
ESTIMATE = 400


@dataclass(frozen=True)
class Terms:
    """The phrases of a MATCH expression, and its words' groups as search_exact ranks them."""

    phrases: list[Phrase]
    # Per word (ANDed), its phrases (ORed) as (text as indexed, whether a prefix).
    groups: list[list[tuple[str, bool]]] = field(default_factory=list)


def resolved(conn: Connection, phrases: list[Phrase]) -> list[Phrase] | None:
    """The phrases with their whole tokens found, or None when one has no token at all."""
    found = []
    for phrase in phrases:
        if phrase.text is None:
            found.append(phrase)
            continue
        tokens = _tokens(conn, phrase.text)
        if not tokens:  # nothing the tokenizer keeps: leave the ranking to FTS5 alone
            return None
        # The last token of a prefix phrase stands for many tokens: only the others are
        # whole. But a CJK character is a token of its own wherever it is indexed (with a
        # separator on each side), so the only token it begins is itself.
        last_whole = not phrase.prefix or (len(tokens[-1]) == 1 and is_cjk(tokens[-1]))
        whole = frozenset(tokens if last_whole else tokens[:-1])
        found.append(Phrase(phrase.expression, whole, phrase.notes))
    return found


def _tokens(conn: Connection, indexed: str) -> list[str]:
    """The tokens of a query phrase as the index's own tokenizer folds them, in order.

    A scratch FTS5 table in TEMP (this connection's alone) with the index's tokenizer: the
    phrase written in, its instances read back, the table emptied.
    """
    for statement in _TOKENS_DDL:
        conn.execute(text(statement))
    conn.execute(text(f"INSERT INTO temp.{TOKENS_TABLE}(rowid, body) VALUES (1, :body)"), {"body": indexed})
    tokens = list(conn.execute(text(f"SELECT term FROM temp.{TOKENS_TABLE}_vocab ORDER BY offset")).scalars())
    conn.execute(text(f"INSERT INTO temp.{TOKENS_TABLE}({TOKENS_TABLE}) VALUES ('delete-all')"))
    return tokens


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
    phrases = resolved(conn, terms.phrases) if counted > DIRECT else None
    if phrases is None:  # few notes match (or a phrase the bound cannot vouch for): rank all
        return _ranked(conn, params, join=_all_of(edition_id))
    size = max(SAMPLE, limit)
    # Straight from the driver: two thousand rows made into SQLAlchemy rows cost ~5 ms more.
    driver = conn.connection.driver_connection
    assert driver is not None
    sample = driver.execute(
        f"SELECT {FTS_TABLE}.rowid, bm25({FTS_TABLE}), s.length, {', '.join(f's.{t}' for t in TOPS)}"
        f" FROM {FTS_TABLE} CROSS JOIN {STATS_TABLE} AS s ON s.id = {FTS_TABLE}.rowid"
        f" WHERE {FTS_TABLE} MATCH :match{in_edition} ORDER BY {FTS_TABLE}.rowid DESC LIMIT :size",
        {"match": match, "edition": edition_id, "size": size},
    ).fetchall()
    if len(sample) < limit:  # few notes match in the edition: rank them all
        return _ranked(conn, params, join=_all_of(edition_id))
    total, tokens = index_totals(conn)
    kb0, kb1 = K1 * (1 - B), K1 * B / (tokens / total)  # K = kb0 + kb1 * D
    theta = sorted((-row[1] for row in sample), reverse=True)[limit - 1] * (1 - MARGIN)
    bound = make_bound(phrases, _weights(conn, phrases, total, sample, kb0, kb1, theta))
    # As many sampled notes pass the bound as (about) the share of all matches that will:
    # when most would, checking the bound costs more than it saves. (Every few sampled
    # notes are enough to tell, and cost less Python.)
    some = sample[:: max(1, len(sample) // ESTIMATE)]
    values = sorted((bound.value(row[2], row[3:], kb0, kb1) for row in some), reverse=True)
    if sum(value >= theta for value in values) > len(some) * LOOSE:
        return _ranked(conn, params, join=_all_of(edition_id))
    params |= {"kb0": kb0, "kb1": kb1}
    # The matches' share of the notes, from how far back the newest ``size`` of them reach.
    matches = min(total, total * len(sample) / max(1, sample[0][0] - sample[-1][0] + 1))
    way = _Way(conn, params, bound, some, values, matches, total, edition_id, kb0, kb1)
    # First a higher level: the k-th best sampled score, k such that about ``SAFETY`` times
    # ``limit`` of all matches score at least that. When the ``limit``-th best of the notes
    # within the bound of it reaches it, no note outside (bound below the level) does. Else
    # that ``limit``-th best is a threshold too, and perhaps better than the sample's.
    scores = sorted((-row[1] for row in sample), reverse=True)
    k = max(LEAST, math.ceil(SAFETY * limit * len(sample) / matches))
    level = scores[k - 1] * (1 - MARGIN) if k < limit else theta
    if level > theta:
        top = way.ranked(level)
        if top is not None and len(top) == limit:
            reached = -top[-1][1] * (1 - MARGIN)
            if reached >= level:
                return top
            theta = max(theta, reached)
    top = way.ranked(theta)
    return top if top is not None else _ranked(conn, params, join=_all_of(edition_id))


@dataclass
class _Way:
    """Ranks the notes within the bound of a threshold, the cheapest way (None: bm25 of all is)."""

    conn: Connection
    params: dict[str, object]
    bound: Bound
    some: Sequence[Sequence[int]]
    values: list[float]  # the bound of each of ``some``, largest first
    matches: float
    total: int
    edition_id: int | None
    kb0: float
    kb1: float

    def ranked(self, theta: float) -> list[tuple[int, float]] | None:
        conn, bound, some, total, matches = self.conn, self.bound, self.some, self.total, self.matches
        params = self.params | {"theta": theta}
        in_edition = " AND s.edition_id = :edition" if self.edition_id is not None else ""
        passing = sum(value >= theta for value in self.values)
        scored = passing / len(some) * matches * BM25  # bm25 for the notes within the bound
        line = None if bound.bare else _line(bound, theta, self.kb0, self.kb1, some)
        if line is None:  # a bare prefix: the whole bound on each match's statistics
            within, column, lined = f"{bound.sql()} >= :theta", TOPS[0], 1.0
            params |= bound.params()
            checked = EXPRESSION
        else:
            passed, j, slope, offset = line
            column, lined = TOPS[j], passed / len(some)
            params |= {"slope": slope, "offset": offset, "lowest": max(1, math.floor(offset / slope))}
            within = f"s.{column} * :slope >= :offset + s.length"
            checked = 0.0
            if passed > passing * 1.5 + 10:  # the line alone lets through many the bound stops
                within += f" AND {bound.sql()} >= :theta"
                params |= bound.params()
                checked = EXPRESSION
        # What each way costs (µs, roughly): every match by bm25; the bound on each match's
        # statistics; or walking the notes within the line (their share of the matches taken
        # for their share of all notes: only when most notes match) and listing the matches.
        everything = matches * BM25
        joined = matches * ROW + lined * matches * checked + scored
        walked = lined * total * (ROW + checked) + matches * LISTED + scored
        if self.edition_id is not None:
            # In an edition, ``matches`` are the edition's; the join looks up the statistics
            # of every match in any edition (more than DIRECT of them), the walk reads the
            # notes of every edition within the line.
            joined += max(0.0, DIRECT - matches) * ROW
        elif matches < total * MOSTLY:
            walked = math.inf
        if line is None or column not in TOPS[:2]:
            walked = math.inf
        if everything < min(joined, walked):
            return None
        if joined < walked:
            join = f" CROSS JOIN {STATS_TABLE} AS s ON s.id = {FTS_TABLE}.rowid{in_edition}"
            return _ranked(conn, params, join=join, where=f" AND {within}")
        # For each count t of the walked column, the notes of length <= t * slope - offset,
        # read off the index led by that column (which covers the rest of the bound).
        index = STATS_INDEX if column == TOPS[0] else STATS_INDEX2
        candidates = (
            f"WITH RECURSIVE tops(t) AS (SELECT :lowest UNION ALL SELECT t + 1 FROM tops"
            f" WHERE t < (SELECT max({column}) FROM {STATS_TABLE})) SELECT s.id FROM tops"
            f" JOIN {STATS_TABLE} AS s INDEXED BY {index} ON s.{column} = tops.t"
            f" AND s.length <= tops.t * :slope - :offset AND {within}{in_edition}"
        )
        # ``+`` keeps the IN from FTS5 (which would run the query again for each id).
        return _ranked(conn, params, where=f" AND +{FTS_TABLE}.rowid IN ({candidates})")


def _weights(
    conn: Connection,
    phrases: list[Phrase],
    total: int,
    sample: Sequence[Sequence[int]],
    kb0: float,
    kb1: float,
    theta: float,
) -> list[float]:
    """Each phrase's ``w_i`` (or more): from ``n_i`` when known, else from the sample or counted.

    When no phrase is in an OR group, each occurs at least once in every match, so each
    sampled note's score is at least ``sum_i w_i * g(1)``: the least ``score / g(1)`` over the
    sample, ``W``, is at least the sum of the weights, and each weight is at least
    ``(k1 + 1) * 1e-6``; so each is at most the floor plus ``W`` less every floor. That is
    exact for one phrase, and for words in most notes (idf at its floor), with no count.
    """
    floor = (K1 + 1) * 1e-6
    if all(phrase.notes is None for phrase in phrases):
        most = min(-row[1] * (1 + kb0 + kb1 * row[2]) for row in sample)
        excess = max(0.0, most - floor * len(phrases))
        if len(phrases) == 1 or excess * len(phrases) <= SLACK * theta:
            return [floor + excess] * len(phrases)
    weights = []
    for phrase in phrases:
        notes = phrase.notes
        if notes is None:
            counted = conn.execute(
                text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"),
                {"match": phrase.expression},
            )
            notes = int(counted.scalar_one())
        weights.append((K1 + 1) * idf(notes, total))
    return weights


def _line(
    bound: Bound, theta: float, kb0: float, kb1: float, sample: Sequence[Sequence[int]]
) -> tuple[int, int, float, float] | None:
    """The linear test on one count that the fewest sampled notes pass: (passing, j, slope, offset).

    Either bound, with the weights of the counts before ``c_j`` taken whole (``g < 1``) and
    the rest on ``c_j`` (``g(c_q) <= g(c_j)`` for q >= j), is at most ``base + rest * g(c_j)``:
    a note reaches ``theta`` only if ``g(c_j) >= c``, ``c = (theta - base) / rest``, that is
    ``c_j * (1 - c) / (c * kb1) >= kb0 / kb1 + D``.
    """
    found: tuple[int, int, float, float] | None = None
    for weights in (bound.alone, bound.together):
        for j in range(len(TOPS)):
            rest = sum(weights[j:])
            c = (theta - sum(weights[:j])) / rest if rest > 0 else 1.0
            if not 0 < c < 1:
                continue
            slope, offset = (1 - c) / (c * kb1), kb0 / kb1
            passing = sum(row[3 + j] * slope >= offset + row[2] for row in sample)
            # Ties go to the walkable counts (the first two).
            if found is None or (passing, j > 1) < (found[0], found[1] > 1):
                found = (passing, j, slope, offset)
    return found


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
