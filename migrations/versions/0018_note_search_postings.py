"""notes search: tracker's own postings beside FTS5, for exact bm25 on NumPy arrays

The bound of 0016/0017 still left a prefix in most notes, two common words or a phrase
scoring tens of thousands of notes by FTS5's bm25() (~1-3 µs each). Per token,
``note_fts_postings`` keeps the notes holding it, its count in each and its positions as
int32 BLOBs; ``note_fts_docs`` every note's id, edition and length; both cut in
blocks of 4,096 note ids, so that a new note rewrites only the last block of each token. A search
computes FTS5's bm25 exactly from them (tracker/personal/search_exact.py).

A write only lists the note in ``note_fts_pending`` (with the body the BLOBs hold, NULL
for none); tracker/personal/search_index.py merges the pending notes into the BLOBs later,
and a search lays the few still pending over them. Existing notes are read from
``note_fts`` itself (its fts5vocab 'instance' rows: FTS5's own tokens and positions).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from operator import itemgetter

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("note_fts_pending_after_insert", "note_fts_pending_after_delete", "note_fts_pending_after_update")
TABLES = ("note_fts_postings", "note_fts_docs", "note_fts_pending")
BLOCK = 4096  # a BLOB holds the notes of ids id // BLOCK (search_index.BLOCK)

UPGRADE = (
    "CREATE TABLE note_fts_postings (token TEXT NOT NULL, block INTEGER NOT NULL, "
    "docs BLOB NOT NULL, counts BLOB NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (token, block))",
    "CREATE TABLE note_fts_docs (block INTEGER PRIMARY KEY, ids BLOB NOT NULL, "
    "editions BLOB NOT NULL, lengths BLOB NOT NULL)",
    "CREATE TABLE note_fts_pending (id INTEGER PRIMARY KEY, old TEXT)",
    "CREATE TRIGGER note_fts_pending_after_insert AFTER INSERT ON note BEGIN "
    "INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (new.id, NULL); END",
    "CREATE TRIGGER note_fts_pending_after_delete AFTER DELETE ON note BEGIN "
    "INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (old.id, old.body); END",
    "CREATE TRIGGER note_fts_pending_after_update AFTER UPDATE OF body, edition_id ON note BEGIN "
    "INSERT OR IGNORE INTO note_fts_pending(id, old) VALUES (old.id, old.body); END",
)


def _build() -> None:
    """Every token's postings and every note's length, from the index's own instances."""
    import numpy as np

    raw = op.get_bind().connection.driver_connection
    i32 = np.dtype("<i4")
    notes = raw.execute("SELECT id, edition_id FROM note ORDER BY id").fetchall()
    ids = np.array([row[0] for row in notes], dtype=np.int64)
    editions = np.array([row[1] for row in notes], dtype=np.int64)
    lengths = np.zeros(len(ids), dtype=np.int64)
    raw.execute("CREATE VIRTUAL TABLE temp.note_fts_instances USING fts5vocab(main, note_fts, instance)")
    rows = raw.execute("SELECT term, doc, offset FROM temp.note_fts_instances")
    written = raw.cursor()
    for term, group in itertools.groupby(rows, key=itemgetter(0)):
        docs_list, offsets = [], []
        for _, doc, offset in group:
            docs_list.append(doc)
            offsets.append(offset)
        occurrences = np.array(docs_list, dtype=np.int64)
        positions = np.array(offsets, dtype=i32)
        docs, starts, counts = np.unique(occurrences, return_index=True, return_counts=True)
        lengths[np.searchsorted(ids, docs)] += counts
        cuts = np.flatnonzero(np.diff(docs // BLOCK)) + 1
        for part in np.split(np.arange(len(docs)), cuts):
            first, last = part[0], part[-1]
            written.execute(
                "INSERT INTO note_fts_postings(token, block, docs, counts, positions) VALUES (?, ?, ?, ?, ?)",
                (
                    term,
                    int(docs[first] // BLOCK),
                    docs[part].astype(i32).tobytes(),
                    counts[part].astype(i32).tobytes(),
                    positions[starts[first] : starts[last] + counts[last]].tobytes(),
                ),
            )
    raw.execute("DROP TABLE temp.note_fts_instances")
    for block in np.unique(ids // BLOCK):
        inside = ids // BLOCK == block
        raw.execute(
            "INSERT INTO note_fts_docs(block, ids, editions, lengths) VALUES (?, ?, ?, ?)",
            (int(block), *(a[inside].astype(i32).tobytes() for a in (ids, editions, lengths))),
        )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in UPGRADE:
        op.execute(statement)
    _build()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
