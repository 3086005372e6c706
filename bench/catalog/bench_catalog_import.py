"""Timing the catalog's way in: the first run (create, migrate, load) and importing the sources.

Run by hand (not a test): ``python bench/catalog/bench_catalog_import.py [--repeat 3]``.

Every figure is a whole process (``subprocess`` + ``os.wait4`` for its own peak memory), measured
in this one run next to ``python -c pass`` so the ratios compare like with like:

- first run: ``tracker db info`` on a database path that does not exist yet (create, migrate,
  load the bundled catalog);
- second run: the same command on the now up-to-date database;
- import: ``tracker import`` of each bundled source into a migrated database whose catalog is
  empty (so every record is added), and once more (every record unchanged);
- in-process: parse, gate and store of all three sources in one process, by phase.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
TRACKER = [PY, "-m", "tracker"]
SOURCES = ROOT / "data" / "catalog" / "sources"
FORMATS = (("pwc", "pwc"), ("hf", "hf"), ("ccf", "ccf"))

EMPTY_DB = """
import sys
from tracker import db
db.SEEDERS = ()
db.get_engine("sqlite:///" + sys.argv[1])
"""

PHASES = """
import sys, time
t0 = time.perf_counter()
from tracker import db
db.SEEDERS = ()
from tracker.catalog.importers import validate, merge, service, walker
from tracker.catalog.importers.aliases import load_aliases
from tracker.catalog.seed import BUNDLED, sources_dir
url = "sqlite:///" + sys.argv[1]
db.get_engine(url)
t1 = time.perf_counter()
parse = check = store = 0.0
with db.session(url, write=True) as s:
    for fmt, folder in BUNDLED:
        a = time.perf_counter(); batch = walker.read_path(sources_dir() / folder, fmt)
        b = time.perf_counter(); checked = validate.check(batch, load_aliases())
        c = time.perf_counter(); merge.store(s, checked)
        d = time.perf_counter()
        parse += b - a; check += c - b; store += d - c
    e = time.perf_counter(); service.refresh_estimates(s, __import__("datetime").date(2026, 3, 1))
    estimates = time.perf_counter() - e
t2 = time.perf_counter()
rest = t2 - t1 - parse - check - store - estimates
print(f"imports+migrate {t1 - t0:.3f}  parse {parse:.3f}  gate {check:.3f}  store {store:.3f}  "
      f"estimates {estimates:.3f}  commit+rest {rest:.3f}  total {t2 - t0:.3f}")
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str, float]:
    """(wall seconds, peak MiB, exit code, stdout, CPU seconds) of one whole process.

    CPU time (user + system) is reported beside wall time because on a shared, busy machine
    wall time mostly measures the neighbours.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.stderr:
        proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, out, usage.ru_utime + usage.ru_stime


Sample = tuple[float, float, int, str, float]


def median_of(samples: list[Sample]) -> tuple[float, float, float]:
    """Median wall seconds, max peak MiB, median CPU seconds."""
    return (
        statistics.median(s[0] for s in samples),
        max(s[1] for s in samples),
        statistics.median(s[4] for s in samples),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ, TRACKER_NOW="2026-03-01T12:00:00Z", PYTHONDONTWRITEBYTECODE="1")
    rows: list[tuple[str, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = median_of([run([PY, "-c", "pass"], env) for _ in range(args.repeat)])
        rows.append(("python -c pass", *base))

        first, second = [], []
        for i in range(args.repeat):
            db_path = tmp / f"first{i}" / "tracker.db"
            run_env = dict(env, TRACKER_DB=str(db_path))
            sample = run([*TRACKER, "db", "info", "--json"], run_env)
            assert sample[2] == 0, "first run failed"
            first.append(sample)
            second.append(run([*TRACKER, "db", "info", "--json"], run_env))
        rows.append(("first run: tracker db info (create, migrate, load)", *median_of(first)))
        rows.append(("second run: tracker db info (up to date)", *median_of(second)))

        for fmt, folder in FORMATS:
            added, again = [], []
            for i in range(args.repeat):
                db_path = tmp / f"imp-{fmt}{i}.db"
                subprocess.run([PY, "-c", EMPTY_DB, str(db_path)], env=env, check=True)
                cmd = [*TRACKER, "import", str(SOURCES / folder), "--format", fmt, "--json"]
                run_env = dict(env, TRACKER_DB=str(db_path))
                sample = run(cmd, run_env)
                assert sample[2] == 0, f"import {fmt} failed"
                added.append(sample)
                again.append(run(cmd, run_env))
            rows.append((f"tracker import {fmt} (empty catalog: all added)", *median_of(added)))
            rows.append((f"tracker import {fmt} again (all unchanged)", *median_of(again)))

        phases = []
        for i in range(args.repeat):
            phases.append(run([PY, "-c", PHASES, str(tmp / f"phases{i}.db")], env)[3].strip())

    width = max(len(row[0]) for row in rows)
    print(f"{'process':<{width}}  {'wall s':>7}  {'x pass':>6}  {'CPU s':>6}  {'x pass':>6}  {'peak MiB':>8}")
    for name, seconds, mib, cpu in rows:
        wall_ratio, cpu_ratio = seconds / rows[0][1], cpu / max(rows[0][3], 1e-3)
        print(f"{name:<{width}}  {seconds:7.3f}  {wall_ratio:6.1f}  {cpu:6.3f}  {cpu_ratio:6.1f}  {mib:8.1f}")
    print("\nin-process, all three sources into an empty catalog (seconds):")
    for line in phases:
        print("  " + line)
    load = os.getloadavg()[0]
    print(
        f"\n{args.repeat} runs each; median wall and CPU time, max peak RSS; load average {load:.2f} "
        f"on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
