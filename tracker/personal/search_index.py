"""Tracker's own inverted index of the notes, beside FTS5, for exact bm25 in NumPy (migration 0018).

FTS5 ranks a word found in most of 100,000 notes at ~1-3 µs a match inside SQLite; the
same postings as arrays rank in a few milliseconds (tracker/personal/search_exact.py). Per
token, ``note_fts_postings`` holds three little-endian int32 BLOBs: the notes holding it
(ascending), how often each does, and the positions, note after note; ``note_fts_docs``
every note's id, edition and length in tokens; both cut in blocks of note ids (BLOCK). The
tokens are FTS5's own: notes are split by a scratch FTS5 table with the index's tokenizer
and read back through fts5vocab, so the arrays hold exactly what ``note_fts`` holds.

Rewriting a common token's BLOB costs milliseconds, so a write does not: the triggers on
``note`` only list the note in ``note_fts_pending`` (with the body the BLOBs hold, to know
which BLOBs to mend later). :func:`settle` merges the pending notes into the BLOBs; the
notes module calls it once SETTLE_AT notes are pending (search_pending.py), and a search
lays the (few) pending notes' current text over the BLOBs itself (:class:`Snapshot`), so
it is exact either way.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import Connection, text

from tracker.cjk import SQL_FUNCTION
from tracker.models.base import FTS_TABLE
from tracker.personal.search_pending import PENDING
from tracker.personal.search_postings import EMPTY, I32, Ints, Posting, Split, kept

POSTINGS = f"{FTS_TABLE}_postings"
DOCS = f"{FTS_TABLE}_docs"
# With more pending notes than this (a bulk insert not yet settled) a search lays them
# over the BLOBs no more: it ranks by FTS5 as before 0018.
MAX_PENDING = 2_000
# Each token's posting is kept in BLOBs of the notes with ids in one block of BLOCK ids
# (id // BLOCK): a new note rewrites only the last block of each of its tokens (~100 KB
# for the commonest word), not the whole posting (~3 MB of it at 100,000 notes).
BLOCK = 4096
# A scratch index in TEMP (this connection's alone) with the index's tokenizer.
_SPLIT = f"{FTS_TABLE}_split"
_SPLIT_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_SPLIT} USING fts5(body, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_SPLIT}_vocab USING fts5vocab(temp, {_SPLIT}, instance)",
)
# The tables and triggers of migration 0018 (which keeps its own copy), to recreate them.
_PEND = f"INSERT OR IGNORE INTO {PENDING}(id, old) VALUES"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {POSTINGS} (token TEXT NOT NULL, block INTEGER NOT NULL, "
    "docs BLOB NOT NULL, counts BLOB NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (token, block))",
    f"CREATE TABLE IF NOT EXISTS {DOCS} (block INTEGER PRIMARY KEY, ids BLOB NOT NULL, "
    "editions BLOB NOT NULL, lengths BLOB NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {PENDING} (id INTEGER PRIMARY KEY, old TEXT)",
    f"CREATE TRIGGER IF NOT EXISTS {PENDING}_after_insert AFTER INSERT ON note BEGIN "
    f"{_PEND} (new.id, NULL); END",
    f"CREATE TRIGGER IF NOT EXISTS {PENDING}_after_delete AFTER DELETE ON note BEGIN "
    f"{_PEND} (old.id, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {PENDING}_after_update AFTER UPDATE OF body, edition_id ON note BEGIN "
    f"{_PEND} (old.id, old.body); END",
)


def _driver(conn: Connection) -> Any:
    driver = conn.connection.driver_connection
    assert driver is not None
    return driver


def split(conn: Connection, source: str, params: tuple[object, ...] = ()) -> Split:
    """The texts ``source`` selects as (rowid, indexed text), split by FTS5's tokenizer."""
    driver = _driver(conn)
    for statement in _SPLIT_DDL:
        driver.execute(statement)
    driver.execute(f"INSERT INTO temp.{_SPLIT}(rowid, body) {source}", params)
    found = Split(driver.execute(f"SELECT term, doc, offset FROM temp.{_SPLIT}_vocab").fetchall())
    driver.execute(f"INSERT INTO temp.{_SPLIT}({_SPLIT}) VALUES ('delete-all')")
    return found


def _rows(
    conn: Connection, table: str, key: str, keys: list[str] | None, blocks: list[int] | None, columns: str
) -> list[tuple[Any, ...]]:
    """Rows of ``table`` for these keys (all when None) and blocks (all when None), by key and block."""
    where: list[str] = []
    params: list[object] = []
    if keys is not None:
        where.append(f"{key} IN ({', '.join('?' * len(keys))})")
        params += keys
    if blocks is not None:
        where.append(f"block IN ({', '.join('?' * len(blocks))})")
        params += blocks
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    order = f"{key}, block" if key != "block" else "block"
    sql = f"SELECT {key}, block, {columns} FROM {table}{clause} ORDER BY {order}"
    return list(_driver(conn).execute(sql, params))


def _ints(blob: bytes) -> Ints:
    return np.frombuffer(blob, dtype=I32)


def tokens_of(conn: Connection, texts: list[str]) -> list[list[str]]:
    """Each text's tokens in order, as FTS5's tokenizer folds them (one scratch insert for all)."""
    driver = _driver(conn)
    for statement in _SPLIT_DDL:
        driver.execute(statement)
    driver.executemany(f"INSERT INTO temp.{_SPLIT}(rowid, body) VALUES (?, ?)", list(enumerate(texts)))
    rows = driver.execute(f"SELECT doc, offset, term FROM temp.{_SPLIT}_vocab").fetchall()
    driver.execute(f"INSERT INTO temp.{_SPLIT}({_SPLIT}) VALUES ('delete-all')")
    found: list[list[str]] = [[] for _ in texts]
    for doc, _, term in sorted(rows):
        found[doc].append(term)
    return found


def load(
    conn: Connection, tokens: Iterable[str], *, positions: bool = True, blocks: list[int] | None = None
) -> dict[str, Posting]:
    """The settled postings of these tokens (those in the index), in these blocks (None: all)."""
    wanted = list(dict.fromkeys(tokens))
    found: dict[str, Posting] = {}
    column = "positions" if positions else "x''"
    for at in range(0, len(wanted), 400):  # within SQLite's limit of bound values
        rows = _rows(conn, POSTINGS, "token", wanted[at : at + 400], blocks, f"docs, counts, {column}")
        for token, group in itertools.groupby(rows, key=lambda row: row[0]):
            parts = [tuple(_ints(blob) for blob in row[2:]) for row in group]
            if len(parts) == 1:
                found[token] = Posting(*parts[0])
            else:
                found[token] = Posting(*(np.concatenate(arrays) for arrays in zip(*parts, strict=True)))
    return found


def _docs(conn: Connection, blocks: list[int] | None = None) -> tuple[Ints, Ints, Ints]:
    """Every note's id, edition and length (of the notes in these blocks; None: all)."""
    rows = _rows(conn, DOCS, "block", None, blocks, "ids, editions, lengths")
    if not rows:
        return EMPTY.docs, EMPTY.docs, EMPTY.docs
    ids, editions, lengths = (np.concatenate([_ints(row[n]) for row in rows]) for n in (2, 3, 4))
    return ids, editions, lengths


def _current(conn: Connection, ids: list[int]) -> tuple[Split, Ints, Ints, Ints]:
    """The pending notes as they are now: their tokens, and their ids, editions and lengths."""
    driver = _driver(conn)
    marks = ", ".join("?" * len(ids))
    tokens = split(conn, f"SELECT id, {SQL_FUNCTION}(body) FROM note WHERE id IN ({marks})", tuple(ids))
    rows = driver.execute(
        f"SELECT id, edition_id FROM note WHERE id IN ({marks}) ORDER BY id", ids
    ).fetchall()
    present = np.array([row[0] for row in rows], dtype=I32)
    editions = np.array([row[1] for row in rows], dtype=I32)
    lengths = np.bincount(np.searchsorted(present, tokens.docs), minlength=len(present))
    return tokens, present, editions, lengths.astype(I32)


def _pending(conn: Connection) -> list[tuple[int, str | None]]:
    return [tuple(row) for row in _driver(conn).execute(f"SELECT id, old FROM {PENDING} ORDER BY id")]


def _insert_docs(ids: Ints, others: Ints, new_ids: Ints, new_others: Ints) -> Ints:
    return np.insert(others, np.searchsorted(ids, new_ids), new_others)


class Snapshot:
    """The index as a search sees it: the settled BLOBs with the pending notes laid over them."""

    def __init__(self, conn: Connection, pending: list[int]) -> None:
        self.conn = conn
        self.pending = np.array(pending, dtype=I32)
        if pending:
            self.new, new_ids, new_editions, new_lengths = _current(conn, pending)
        else:
            self.new, new_ids, new_editions, new_lengths = Split([]), EMPTY.docs, EMPTY.docs, EMPTY.docs
        self._new_docs = (new_ids, new_editions, new_lengths)
        self._docs: tuple[Ints, Ints, Ints] | None = None
        self._cache: dict[tuple[str, bool], Posting] = {}

    def notes(self) -> tuple[Ints, Ints, Ints]:
        """Every note's id (ascending), edition and length: read only when a search needs them."""
        if self._docs is None:
            ids, editions, lengths = _docs(self.conn)
            keep = kept(ids, self.pending)
            if keep is not None:
                ids, editions, lengths = ids[keep], editions[keep], lengths[keep]
            new_ids, new_editions, new_lengths = self._new_docs
            self._docs = (
                np.insert(ids, np.searchsorted(ids, new_ids), new_ids),
                _insert_docs(ids, editions, new_ids, new_editions),
                _insert_docs(ids, lengths, new_ids, new_lengths),
            )
        return self._docs

    def postings(self, tokens: Iterable[str], *, positions: bool) -> dict[str, Posting]:
        """Each token's posting as of now (empty for a token no note holds)."""
        wanted = [t for t in dict.fromkeys(tokens) if (t, positions) not in self._cache]
        settled = load(self.conn, wanted, positions=positions)
        for token in wanted:
            posting = settled.get(token, EMPTY).without(self.pending)
            added = self.new.get(token)
            if added is not None:
                posting = posting.merged(
                    added if positions else Posting(added.docs, added.counts, EMPTY.docs)
                )
            self._cache[(token, positions)] = posting
        return {t: self._cache[(t, positions)] for t in tokens}

    def vocabulary(self, prefix: str) -> list[str]:
        """The tokens that begin with ``prefix``, settled or pending (some may be held by no note now)."""
        rows = _driver(self.conn).execute(
            f"SELECT DISTINCT token FROM {POSTINGS} WHERE token >= ? AND token < ?", (prefix, after(prefix))
        )
        found = {row[0] for row in rows} | set(self.new.spans)
        return sorted(t for t in found if t.startswith(prefix))


def after(prefix: str) -> str:
    """A string greater than every string that begins with ``prefix`` (in UTF-8's order)."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last < 0xE000:  # not a character: past the surrogates
        last = 0xE000
    if last > 0x10FFFF:  # the last character there is: what is before it, and more
        return after(prefix[:-1]) if len(prefix) > 1 else "\U0010ffff" * 2
    return prefix[:-1] + chr(last)


def snapshot(conn: Connection) -> Snapshot | None:
    """The index as of now, or None when too many notes are pending (see MAX_PENDING)."""
    ids = [
        row[0]
        for row in _driver(conn).execute(f"SELECT id FROM {PENDING} ORDER BY id LIMIT ?", (MAX_PENDING + 1,))
    ]
    if len(ids) > MAX_PENDING:
        return None
    return Snapshot(conn, ids)


def settle(conn: Connection) -> int:
    """Merge the pending notes into the BLOBs; returns how many were pending."""
    pending = _pending(conn)
    if not pending:
        return 0
    ids = [note_id for note_id, _ in pending]
    gone = np.array(ids, dtype=I32)
    olds = [(note_id, old) for note_id, old in pending if old is not None]
    old_tokens: set[str] = set()
    for at in range(0, len(olds), 500):
        some = olds[at : at + 500]
        values = ", ".join(f"(?, {SQL_FUNCTION}(?))" for _ in some)
        old_tokens |= set(split(conn, f"VALUES {values}", tuple(itertools.chain(*some))).spans)
    parts: list[Split] = []
    new_ids, new_editions, new_lengths = EMPTY.docs, EMPTY.docs, EMPTY.docs
    for at in range(0, len(ids), 20_000):  # a bulk insert in parts: fts5vocab's rows stay few
        part = _current(conn, ids[at : at + 20_000])
        parts.append(part[0])
        new_ids, new_editions, new_lengths = (
            np.concatenate((a, b))
            for a, b in zip((new_ids, new_editions, new_lengths), part[1:], strict=True)
        )
    driver = _driver(conn)
    # Only the blocks of the pending notes change.
    blocks = sorted({note_id // BLOCK for note_id in ids})
    firsts = np.array(blocks, dtype=np.int64) * BLOCK  # each block's notes: firsts <= id < ends
    ends = firsts + BLOCK
    tokens = sorted(old_tokens.union(*(split_.spans for split_ in parts)))
    in_blocks = f"block IN ({', '.join('?' * len(blocks))})"
    for at in range(0, len(tokens), 400):
        chunk = tokens[at : at + 400]
        settled = load(conn, chunk, blocks=blocks)
        driver.execute(
            f"DELETE FROM {POSTINGS} WHERE {in_blocks} AND token IN ({', '.join('?' * len(chunk))})",
            (*blocks, *chunk),
        )
        written: list[tuple[object, ...]] = []
        for token in chunk:
            posting = settled.get(token, EMPTY).without(gone)
            for split_ in parts:
                posting = posting.merged(split_.get(token) or EMPTY)
            offsets = np.concatenate(([0], np.cumsum(posting.counts)))
            starts, stops = np.searchsorted(posting.docs, firsts), np.searchsorted(posting.docs, ends)
            for block, start, end in zip(blocks, starts, stops, strict=True):
                if start == end:
                    continue
                arrays = (
                    posting.docs[start:end],
                    posting.counts[start:end],
                    posting.positions[offsets[start] : offsets[end]],
                )
                written.append((token, block, *(a.astype(I32).tobytes() for a in arrays)))
        driver.executemany(
            f"INSERT INTO {POSTINGS}(token, block, docs, counts, positions) VALUES (?, ?, ?, ?, ?)", written
        )
    old_ids, editions, lengths = _docs(conn, blocks)
    keep = kept(old_ids, gone)
    if keep is not None:
        old_ids, editions, lengths = old_ids[keep], editions[keep], lengths[keep]
    order = np.argsort(new_ids, kind="stable")
    new_ids, new_editions, new_lengths = new_ids[order], new_editions[order], new_lengths[order]
    every = (
        np.insert(old_ids, np.searchsorted(old_ids, new_ids), new_ids),
        _insert_docs(old_ids, editions, new_ids, new_editions),
        _insert_docs(old_ids, lengths, new_ids, new_lengths),
    )
    driver.execute(f"DELETE FROM {DOCS} WHERE {in_blocks}", blocks)
    starts, stops = np.searchsorted(every[0], firsts), np.searchsorted(every[0], ends)
    for block, start, end in zip(blocks, starts, stops, strict=True):
        if start < end:
            driver.execute(
                f"INSERT INTO {DOCS}(block, ids, editions, lengths) VALUES (?, ?, ?, ?)",
                (block, *(a[start:end].astype(I32).tobytes() for a in every)),
            )
    driver.execute(f"DELETE FROM {PENDING}")
    return len(pending)


def rebuild(conn: Connection) -> None:
    """The index built again from every note (its tables and triggers recreated if missing)."""
    for statement in DDL:
        conn.execute(text(statement))
    for table in (POSTINGS, DOCS, PENDING):
        conn.execute(text(f"DELETE FROM {table}"))
    conn.execute(text(f"INSERT INTO {PENDING}(id, old) SELECT id, NULL FROM note"))
    settle(conn)
