"""Where a large ``tracker recommend`` spends its time: its SQL against the Python around it.

    python bench/recommend/profile_recommend.py DB [--top 30]

Run by hand (never by CI) with the python of the package to look at, on a database that
bench_recommend.py built (``--reuse DIR`` keeps them). It runs the README's recommend in
this process under cProfile, timing CPU (this shared machine's wall clock counts the waits
for a core), prints the functions that cost most, then replays each statement the command
sent through sqlite3 and prints the split: the statements' own CPU seconds against the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sqlite3
import time

README = ["recommend", "--home", "Berlin", "--interests", "nlp,machine-learning"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_NOW", "2026-03-01T12:00:00Z")
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from tracker.cli.app import run as run_cli

    sent: list[tuple[str, tuple[object, ...]]] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, parameters, _context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            plain = (int, float, str, bytes, type(None))
            sent.append((statement, tuple(p if isinstance(p, plain) else str(p) for p in parameters)))

    profile = cProfile.Profile(time.process_time)
    cpu = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        profile.runcall(run_cli, ["--db", args.db, *README])
    command = time.process_time() - cpu
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
    with contextlib.closing(sqlite3.connect(args.db)) as conn:
        costs = []
        for statement, parameters in sent:
            start = time.process_time()
            conn.execute(statement, parameters).fetchall()
            costs.append((time.process_time() - start, " ".join(statement.split())[:100]))
    sql = sum(c for c, _ in costs)
    for seconds, text in sorted(costs, reverse=True)[:8]:
        print(f"{seconds:7.2f} s  {text}")
    print(f"command {command:.2f} s CPU (profiled), its SQL {sql:.2f} s ({len(sent)} statements), "
          f"the rest {command - sql:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
