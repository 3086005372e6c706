"""Whole-process time of ``tracker log-notes`` and ``tracker notes search``.

Run by hand, after bench_search.py built a database to search:
    python bench/personal/bench_search.py --keep pbench
    python bench/personal/bench_cli.py --db pbench/bench.db

Each command runs as its own process (as a person runs it); the table shows the
median wall time and the ratio to a bare ``python -c pass`` measured in the same run.
The database is copied first so that the logged notes do not change the original.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(argv: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - began)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="A database from bench_search.py --keep.")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-cli-"))
    copy = folder / "bench.db"
    shutil.copy(args.db, copy)
    env = {**os.environ, "TRACKER_DB": str(copy), "TRACKER_NOW": "2026-03-01T12:00:00Z"}
    tracker = [sys.executable, "-m", "tracker"]
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "tracker --help": [*tracker, "--help"],
        "log-notes --text": [
            *tracker,
            "log-notes",
            "benchconf2026",
            "--text",
            "bench note",
            "--tag",
            "bench",
        ],
        "notes search (common)": [*tracker, "notes", "search", "model"],
        "notes search (prefix)": [*tracker, "notes", "search", "transf*"],
        "notes search --json": [*tracker, "notes", "search", "attention", "kernels", "--json"],
    }
    base = None
    print(f"{'command':<24} {'median ms':>10} {'x python':>9}")
    for label, argv in cases.items():
        ms = timed(argv, env, args.repeat)
        base = base or ms
        print(f"{label:<24} {ms:>10.0f} {ms / base:>9.1f}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
