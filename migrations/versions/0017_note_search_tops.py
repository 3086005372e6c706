"""notes search: each note's four largest token counts, for a tighter bound on bm25

0016 kept, per note, the count of its most frequent token: every query word was bounded by
it, so two common words, a phrase or a Chinese word (a phrase of characters) passed the
bound in most notes and the search fell back to scoring every match. The four largest
counts (``top`` >= ``top2`` >= ``top3`` >= ``top4``) bound a phrase of q distinct tokens by
the q-th largest count and q distinct words by the q largest (tracker/personal/search_rank.py).

The table is derived data, so it is built again: the triggers count the four from
``note_fts_scratch`` as before; existing notes are counted from ``note_fts`` itself. Two
indexes, led by the largest and by the second largest count, cover the columns the bound
reads (and the edition), so that the search walks either without reading the table.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 04:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("note_fts_stats_after_insert", "note_fts_stats_after_delete", "note_fts_stats_after_update")


def _count(columns: str, values: str, source: str) -> str:
    return (
        "INSERT INTO note_fts_scratch(rowid, body) VALUES (new.id, tracker_index_text(new.body)); "
        f"INSERT INTO note_fts_stats(id, edition_id, {columns}) SELECT new.id, new.edition_id, {values} "
        f"FROM {source}; "
        "INSERT INTO note_fts_scratch(note_fts_scratch) VALUES ('delete-all');"
    )


def _nth(n: int) -> str:
    return f"coalesce(max(CASE WHEN rn = {n} THEN cnt END), 0)"


# The note's counts numbered from the largest: a window over the scratch index's vocabulary.
_RANKED = "(SELECT cnt, row_number() OVER (ORDER BY cnt DESC) AS rn FROM note_fts_scratch_vocab)"
_COUNT = _count(
    "length, top, top2, top3, top4",
    f"coalesce(sum(cnt), 0), {', '.join(_nth(n) for n in (1, 2, 3, 4))}",
    _RANKED,
)
_COUNT_0016 = _count("length, top", "coalesce(sum(cnt), 0), coalesce(max(cnt), 0)", "note_fts_scratch_vocab")


def _triggers(count: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER note_fts_stats_after_insert AFTER INSERT ON note BEGIN {count} END",
        "CREATE TRIGGER note_fts_stats_after_delete AFTER DELETE ON note BEGIN "
        "DELETE FROM note_fts_stats WHERE id = old.id; END",
        "CREATE TRIGGER note_fts_stats_after_update AFTER UPDATE OF body, edition_id ON note BEGIN "
        f"DELETE FROM note_fts_stats WHERE id = old.id; {count} END",
    )


_DROP = (
    *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in TRIGGERS),
    "DROP TABLE IF EXISTS note_fts_stats",
)
# Every (note, token) pair's occurrences, numbered from the largest within the note.
_COUNTED = (
    "(SELECT doc, n, row_number() OVER (PARTITION BY doc ORDER BY n DESC) AS rn "
    "FROM (SELECT doc, count(*) AS n FROM temp.note_fts_instances GROUP BY term, doc))"
)
UPGRADE = (
    *_DROP,
    "CREATE TABLE note_fts_stats (id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, "
    "length INTEGER NOT NULL, top INTEGER NOT NULL, top2 INTEGER NOT NULL, top3 INTEGER NOT NULL, "
    "top4 INTEGER NOT NULL)",
    "CREATE INDEX ix_note_fts_stats_tops ON note_fts_stats (top, length, top2, top3, top4, edition_id)",
    "CREATE INDEX ix_note_fts_stats_tops2 ON note_fts_stats (top2, length, top, top3, top4, edition_id)",
    *_triggers(_COUNT),
    "CREATE VIRTUAL TABLE temp.note_fts_instances USING fts5vocab(main, note_fts, instance)",
    "INSERT INTO note_fts_stats(id, edition_id, length, top, top2, top3, top4) "
    "SELECT counted.doc, note.edition_id, sum(counted.n), "
    + ", ".join(f"coalesce(max(CASE WHEN counted.rn = {n} THEN counted.n END), 0)" for n in (1, 2, 3, 4))
    + f" FROM {_COUNTED} AS counted JOIN note ON note.id = counted.doc GROUP BY counted.doc",
    # A note without a single token (only punctuation) is in the index with none.
    "INSERT INTO note_fts_stats(id, edition_id, length, top, top2, top3, top4) "
    "SELECT id, edition_id, 0, 0, 0, 0, 0 FROM note WHERE id NOT IN (SELECT id FROM note_fts_stats)",
    "DROP TABLE temp.note_fts_instances",
)
DOWNGRADE = (
    *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in TRIGGERS),
    # 0016's columns kept as they are (its length and top are these notes' length and top).
    "CREATE TABLE note_fts_stats_0016 (id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, "
    "length INTEGER NOT NULL, top INTEGER NOT NULL)",
    "INSERT INTO note_fts_stats_0016 SELECT id, edition_id, length, top FROM note_fts_stats",
    "DROP TABLE note_fts_stats",
    "ALTER TABLE note_fts_stats_0016 RENAME TO note_fts_stats",
    "CREATE INDEX ix_note_fts_stats_top_length ON note_fts_stats (top, length)",
    *_triggers(_COUNT_0016),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DOWNGRADE:
        op.execute(statement)
