"""Builds the seed's snapshot: the bundled catalog's rows, which a first run inserts as they are.

    python tools/build_seed.py [TARGET]

Run by the build hook (hatch_build.py) for every wheel and editable install, like the .mo
catalogs; by hand after changing the code or data/ in a checkout (until then a first run
seeds the slow way). It creates a database from the schema script in a temporary folder,
runs the part of the seed that does not depend on the clock (``seed.load_bundled``: the
three trackers' files, the merge, the bundled workshops and their classified topics) and
writes every row of every table to TARGET (default: ``tracker/catalog/seed_rows.json``),
keyed by :func:`tracker.catalog.snapshot.inputs_key`. The file is build output: never
committed. tests/catalog_import/test_first_run.py checks that a first run from it makes
the same database as the seed run in full.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(target: Path) -> Path:
    """Write the snapshot of the checkout's (or installed) tracker and data to ``target``."""
    from tracker import db
    from tracker.catalog import snapshot
    from tracker.models import metadata

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.db"
        engine = db.get_engine(f"sqlite:///{path}", migrate=False)
        # A first run's own transaction (foreign keys off, as under the migration lock), with
        # the part of the seed that never looks at the clock as its only seeder.
        seeders, db.SEEDERS = db.SEEDERS, ("tracker.catalog.seed:load_bundled_into",)
        try:
            db.upgrade(engine, seed=True)
        finally:
            db.SEEDERS = seeders
            db.dispose_all()
        rows = snapshot.dump(path, [table.name for table in metadata().sorted_tables])
    # Written whole, then renamed: a build cut short never leaves half a file behind.
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    partial.replace(target)
    return target


def main() -> None:
    sys.path.insert(0, str(ROOT))  # the checkout's tracker, not an older installed one
    from tracker.catalog import snapshot

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else snapshot.FILE
    built = build(target)
    print(f"wrote {built} ({built.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
