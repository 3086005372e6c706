"""What a test pays for its database: a new one made by the migrations and the seed, or a copy
of the template that tests/conftest.py makes once per run.

Run by hand (not a test):  python bench/testing/bench_new_database.py [--rounds 5]

The two are timed alternately in one run (A, B, A, B, ...) so that the machine's load falls on
both alike; the ratio of the medians is the figure to quote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_NOW", "2026-03-01T12:00:00Z")
    from tracker import db

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template = work / "template.db"
        db.get_engine(f"sqlite:///{template}")
        db.dispose_all()
        with sqlite3.connect(template) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        created, copied = [], []
        for n in range(args.rounds):
            began = time.perf_counter()
            db.get_engine(f"sqlite:///{work / f'new{n}.db'}")  # create, migrate, seed
            db.dispose_all()
            created.append(time.perf_counter() - began)
            began = time.perf_counter()
            shutil.copy2(template, work / f"copy{n}.db")
            db.get_engine(f"sqlite:///{work / f'copy{n}.db'}")  # open: up to date, nothing to do
            db.dispose_all()
            copied.append(time.perf_counter() - began)
    a, b = statistics.median(created), statistics.median(copied)
    print(f"new database (migrate + seed): median {a * 1000:8.1f} ms over {args.rounds}")
    print(f"template copy + open:          median {b * 1000:8.1f} ms over {args.rounds}")
    print(f"ratio: {a / b:.0f}x")


if __name__ == "__main__":
    main()
