"""How many upstream deadlines the merge of the bundled catalog keeps, and where they went.

Run by hand (not a test):  python bench/catalog/deadlines_kept.py

Every deadline of the three bundled sources that passes the gate (editions from 2020 on, as
the seed loads them) is looked up in a freshly seeded database:

- "not stored as that source's": no deadline of its edition has its type, its instant and its
  source (the old merge kept one source's set per edition and dropped the others');
- "in the catalog nowhere": no deadline of its edition lies within a day of it, whatever its
  source or type: the catalog does not know it at all;
- "kept by a source's claim": it is among the deadlines that source's claim of the edition
  lists (``deadline_claim``; 0 where that table does not exist yet).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path


def main() -> None:
    os.environ.setdefault("TRACKER_NOW", "2026-12-01T12:00:00Z")
    from sqlalchemy import select

    from tracker import db
    from tracker.catalog.importers.aliases import load_aliases
    from tracker.catalog.importers.validate import check
    from tracker.catalog.importers.walker import read_path
    from tracker.catalog.resolve import slug
    from tracker.catalog.seed import BUNDLED, FIRST_YEAR, sources_dir
    from tracker.models.catalog import Edition, Series

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tracker.db"
        began = time.perf_counter()
        db.get_engine(f"sqlite:///{path}")
        seeded = time.perf_counter() - began
        aliases = load_aliases()
        stored: dict[tuple[str, int], set[tuple[str, datetime, str]]] = defaultdict(set)
        with db.session(f"sqlite:///{path}") as session:
            for e in session.scalars(select(Edition).where(Edition.estimated.is_(False))):
                for row in e.deadlines:
                    stored[(e.series.key, e.year)].add((row.type, row.at_utc, row.source))
            owner = {a.alias: s.key for s in session.scalars(select(Series)) for a in s.aliases}
            owner |= {key: key for key in {k for k, _y in stored}}
        claimed = _claimed(path)
        listed = dropped = nowhere = kept = 0
        for fmt, folder_name in BUNDLED:
            checked = check(read_path(sources_dir() / folder_name, fmt), aliases, min_year=FIRST_YEAR)
            for series in checked.series:
                names = [series.key, *(slug(n) for n in (*series.titles, series.acronym))]
                key = next((owner[n] for n in names if n in owner), series.key)
                for v in series.editions:
                    here = stored[(key, v.year)]
                    for d in v.deadlines:
                        listed += 1
                        dropped += (d.type, d.at_utc, fmt) not in here
                        nowhere += not any(abs(at - d.at_utc) <= timedelta(days=1) for _t, at, _s in here)
                        kept += (key, v.year, fmt, d.type, d.at_utc.replace(tzinfo=None)) in claimed
    print(f"first run (migrate + seed): {seeded:.2f} s")
    print(f"upstream deadlines (2020 on, through the gate): {listed}")
    print(f"not stored as that source's:                    {dropped}")
    print(f"in the catalog nowhere (no deadline within 1 d): {nowhere}")
    print(f"kept by a source's claim:                        {kept}")


def _claimed(path: Path) -> set[tuple[str, int, str, str, datetime]]:
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "deadline_claim" not in tables:
            return set()
        rows = conn.execute(
            "SELECT s.key, e.year, c.source, d.type, d.at_utc FROM deadline_claim d "
            "JOIN edition_claim c ON c.id = d.claim_id JOIN edition e ON e.id = c.edition_id "
            "JOIN series s ON s.id = e.series_id"
        )
        return {(k, y, src, t, datetime.fromisoformat(at)) for k, y, src, t, at in rows}


if __name__ == "__main__":
    main()
