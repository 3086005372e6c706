"""How long ``tracker import`` holds SQLite's write lock, and how long a short write waits for it.

Run by hand (not a test)::

    python bench/catalog/bench_import_lock.py [--entries 6000] [--checkout PATH]

``--checkout`` runs another checkout's tracker (an older commit, to compare) with this
Python. Each import is a whole process on a real file:

- the bundled pwc, hf and ccf sources, one after another, into a migrated database whose
  catalog is empty (every record is added);
- a synthetic paperswithcode file of ``--entries`` entries into the seeded catalog, and the
  same file once more (every record unchanged).

Two figures per import:

- *hold*: the longest write transaction of the import process, from ``BEGIN IMMEDIATE``
  (the lock is taken) to the commit call (SQLAlchemy engine events; the COMMIT itself, a WAL
  append with ``synchronous=NORMAL``, is not included);
- *wait*: the longest a second process waited to take the write lock (``BEGIN IMMEDIATE``,
  then ``ROLLBACK``, every 20 ms while the import runs): what ``tracker log-notes`` meets.
  A wait longer than the busy timeout (15 s) is a failed write.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]

# Runs the CLI in the import process and reports its write transactions on stderr.
IMPORT = """
import json, sys, time
from sqlalchemy import event
from tracker import db
from tracker.cli.app import run

engine, started, holds = db.get_engine(), {}, []

@event.listens_for(engine, "begin")
def _begin(conn):  # after tracker's own listener has sent BEGIN IMMEDIATE
    if conn.get_execution_options().get("tracker_write"):
        started[id(conn)] = time.perf_counter()

def _end(conn):
    if id(conn) in started:
        holds.append(time.perf_counter() - started.pop(id(conn)))

event.listen(engine, "commit", _end)
event.listen(engine, "rollback", _end)
t0 = time.perf_counter()
code = run(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - t0, "holds": holds}), file=sys.stderr)
"""

# Takes the write lock over and over until the stop file appears; prints the longest wait.
PROBE = """
import sqlite3, sys, time
from pathlib import Path
conn = sqlite3.connect(sys.argv[1], timeout=120, isolation_level=None)
stop, longest = Path(sys.argv[2]), 0.0
print("ready", flush=True)
while not stop.exists():
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    longest = max(longest, time.perf_counter() - t0)
    conn.execute("ROLLBACK")
    time.sleep(0.02)
print(longest, flush=True)
"""

EMPTY_CATALOG = """
import sys
from tracker import db
db.SEEDERS = ()
db.get_engine("sqlite:///" + sys.argv[1])
"""

CITIES = ("Vienna, Austria", "Sydney, Australia", "Vancouver, Canada", "Kyoto, Japan", "Lisbon, Portugal")


def synthetic_pwc(entries: int) -> str:
    """A paperswithcode-style file: entries/4 series of four years each, real places to geocode."""
    out = []
    for i in range(entries):
        series, year = i // 4, 2023 + i % 4
        day = 1 + series % 20
        out.append(
            f"- title: BENCH{series:04d}\n  year: {year}\n  id: bench{series:04d}{year % 100}\n"
            f"  full_name: Benchmark Conference {series}\n  link: https://b{series}.example.org/{year}\n"
            f"  deadline: '{year}-03-{day:02d} 23:59:59'\n"
            f"  abstract_deadline: '{year}-02-{day:02d} 23:59:59'\n"
            f"  timezone: AoE\n  place: {CITIES[i % len(CITIES)]}\n  date: June {day}-{day + 2}, {year}\n"
            f"  start: {year}-06-{day:02d}\n  end: {year}-06-{day + 2:02d}\n  sub: ML\n"
        )
    return "\n".join(out)


def timed_import(checkout: Path, env: dict[str, str], database: Path, source: Path, fmt: str, work: Path):
    """(import seconds, longest hold, longest wait of the prober, exit code) of one import process."""
    run_env = dict(env, TRACKER_DB=str(database))
    stop = work / "stop"
    stop.unlink(missing_ok=True)
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(database), str(stop)], stdout=subprocess.PIPE, text=True
    )
    assert probe.stdout is not None and probe.stdout.readline().strip() == "ready"
    done = subprocess.run(
        [sys.executable, "-c", IMPORT, "import", str(source), "--format", fmt, "--json"],
        cwd=checkout,
        env=run_env,
        capture_output=True,
        text=True,
    )
    stop.touch()
    waited = float(probe.communicate()[0].strip())
    result = json.loads(done.stderr.strip().splitlines()[-1])
    return result["seconds"], max(result["holds"], default=0.0), waited, result["code"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=6000)
    parser.add_argument("--checkout", type=Path, default=HERE, help="the tracker checkout to measure")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    env = dict(
        os.environ, TRACKER_NOW="2026-03-01T12:00:00Z", PYTHONPATH=str(checkout), PYTHONDONTWRITEBYTECODE="1"
    )
    sources = checkout / "data" / "catalog" / "sources"
    rows: list[tuple[str, float, float, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        work = Path(tmp_name)
        empty = work / "empty.db"
        subprocess.run([sys.executable, "-c", EMPTY_CATALOG, str(empty)], cwd=checkout, env=env, check=True)
        for fmt in ("pwc", "hf", "ccf"):
            rows.append((f"bundled {fmt} into an empty catalog", *timed_import(
                checkout, env, empty, sources / fmt, fmt, work)))  # fmt: skip
        seeded = work / "seeded.db"
        subprocess.run(
            [sys.executable, "-m", "tracker", "db", "info"],
            cwd=checkout,
            env=dict(env, TRACKER_DB=str(seeded)),
            check=True,
            capture_output=True,
        )
        synthetic = work / "conferences.yml"
        synthetic.write_text(synthetic_pwc(args.entries), encoding="utf-8")
        for label in ("added", "unchanged"):
            rows.append((f"{args.entries} synthetic entries into the seeded catalog ({label})", *timed_import(
                checkout, env, seeded, synthetic, "pwc", work)))  # fmt: skip
    width = max(len(row[0]) for row in rows)
    print(f"checkout {checkout} ({time.strftime('%Y-%m-%d %H:%M')})")
    print(f"{'import':<{width}}  {'total s':>8}  {'hold s':>7}  {'wait s':>7}  exit")
    for name, seconds, hold, waited, code in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {hold:7.3f}  {waited:7.3f}  {code:4d}")
    print(f"\nload average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
