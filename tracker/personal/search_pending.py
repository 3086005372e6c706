"""The notes a write has listed for the search index's arrays, counted without NumPy.

Writing a note only lists it in ``note_fts_pending`` (triggers of migration 0018); the
arrays (tracker/personal/search_index.py) take it in once SETTLE_AT are listed. Most writes
settle nothing, so the count lives here: ``log-notes`` imports the arrays' module (and
NumPy) only on the write that settles.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from tracker.models.base import FTS_TABLE

PENDING = f"{FTS_TABLE}_pending"
# The pending notes are merged into the BLOBs once this many are listed (a write then
# costs ~2 ms more on average instead of ~50-150 ms each at 100,000 notes).
SETTLE_AT = 64


def pending_count(conn: Connection) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {PENDING}")).scalar_one())
