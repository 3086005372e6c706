"""Whole-process time of the catalog commands, against ``python -c pass`` in the same run.

Usage (from the checkout, with the project's virtualenv):

    python bench/catalog_cli/bench_catalog_cli.py [--runs 7] [--synthetic N] [--db PATH]

The database is created (migrated and seeded with the bundled catalog) once before
timing, so the figures are those of a command on an existing, up-to-date database.
``--synthetic N`` adds N made-up series with five editions each (for measuring before
the bundled catalog exists, or at a larger size); they are written to the temporary
benchmark database only. Prints the median of ``--runs`` runs of each command and its
ratio to the bare interpreter start, and the aims (``--help`` < 0.25 s, catalog
commands < 0.8 s on the project's 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS: list[tuple[str, list[str], float]] = [
    ("python -c pass", [sys.executable, "-c", "pass"], 0.0),
    ("tracker --help", [sys.executable, "-m", "tracker", "--help"], 0.25),
    # The fixed cost of any command that opens the database (imports, engine, schema check).
    ("reference: tracker db info --json", [sys.executable, "-m", "tracker", "db", "info", "--json"], 0.0),
    ("tracker conf list", [sys.executable, "-m", "tracker", "conf", "list"], 0.8),
    ("tracker conf list --json", [sys.executable, "-m", "tracker", "conf", "list", "--json"], 0.8),
    (
        "tracker conf list --upcoming --min-quality 0.5",
        [sys.executable, "-m", "tracker", "conf", "list", "--upcoming", "--min-quality", "0.5"],
        0.8,
    ),
    ("tracker upcoming", [sys.executable, "-m", "tracker", "upcoming", "--within", "90d"], 0.8),
]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run; its CPU time (user + system) is recorded in CPU_TIMES."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace').strip()}")
    CPU_TIMES.setdefault(" ".join(argv), []).append(_children_cpu() - cpu_before)
    return elapsed


def _add_synthetic(db_path: Path, count: int) -> None:
    """N fake series (keys ``bench…``) with five yearly editions, deadlines and signals."""
    from datetime import UTC, date, datetime, timedelta

    from tracker import db
    from tracker.catalog.estimates import refresh_estimates
    from tracker.models.catalog import AcceptRate, Deadline, Edition, QualitySignal, Series, SeriesTopic

    ranks = ["A*", "A", "B", "C"]
    topics = ["machine-learning", "computer-vision", "nlp", "data-mining", "robotics"]
    with db.session("sqlite:///" + str(db_path), write=True) as session:
        for i in range(count):
            series = Series(key=f"bench{i}", acronym=f"BENCH{i}", name=f"Benchmark conference {i}")
            series.topics = [SeriesTopic(topic=topics[i % len(topics)])]
            series.signals = [QualitySignal(source="core", value=ranks[i % 4], provenance="bench")]
            series.accept_rates = [
                AcceptRate(year=2023, rate=0.2 + (i % 5) / 20, source="bench"),
                AcceptRate(year=2024, rate=0.25, source="bench"),
            ]
            for year in range(2022, 2027 if i % 3 else 2026):
                start = date(year, 1, 1) + timedelta(days=(i * 7) % 330)
                edition = Edition(
                    year=year, key=f"bench{i}{year}", start_date=start, end_date=start + timedelta(days=4)
                )
                deadline = datetime.combine(start - timedelta(days=120), datetime.min.time(), UTC)
                edition.deadlines = [
                    Deadline(type="paper", at_utc=deadline, local_text="x", timezone="UTC"),
                    Deadline(
                        type="notification",
                        at_utc=deadline + timedelta(days=60),
                        local_text="x",
                        timezone="UTC",
                    ),
                ]
                series.editions.append(edition)
            session.add(series)
        session.flush()
        refresh_estimates(session, date.today())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--synthetic", type=int, default=0, metavar="N")
    parser.add_argument("--db", type=Path, help="use this existing database instead of a fresh one")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or Path(tmp) / "bench.db"
        env = dict(os.environ, TRACKER_DB=str(db_path), HOME=tmp)
        env.pop("TRACKER_NOW", None)
        fresh = not db_path.exists()
        first = _time([sys.executable, "-m", "tracker", "db", "info"], env)
        what = "first run (create, migrate, seed)" if fresh else "first command on the given database"
        print(f"{what}: {first:.3f} s")
        if args.synthetic:
            os.environ["TRACKER_DB"] = str(db_path)
            _add_synthetic(db_path, args.synthetic)
            print(f"added {args.synthetic} synthetic series")
        counts = subprocess.run(
            [sys.executable, "-m", "tracker", "db", "info", "--json"], env=env, capture_output=True, text=True
        )
        if counts.returncode == 0:
            import json

            info = json.loads(counts.stdout)["counts"]
            print(
                f"catalog: {info.get('series')} series, {info.get('edition')} editions, "
                f"{info.get('deadline')} deadlines"
            )
        medians: dict[str, float] = {}
        for _ in range(args.runs):  # interleaved, so that drift hits every command alike
            for name, argv, _aim in COMMANDS:
                medians.setdefault(name, 0.0)
                COMMANDS_TIMES.setdefault(name, []).append(_time(argv, env))
        for name, *_ in COMMANDS:
            medians[name] = statistics.median(COMMANDS_TIMES[name])
        base = medians["python -c pass"]
        load = os.getloadavg()[0]
        print(f"\nload average (1 min) {load:.2f} on {os.cpu_count()} CPUs")
        print(f"{'command':<48} {'wall s':>7} {'x python':>9} {'cpu s':>7} {'aim s':>6}")
        for name, argv, aim in COMMANDS:
            cpu = statistics.median(CPU_TIMES[" ".join(argv)])
            status = "" if not aim else ("ok" if medians[name] < aim else "OVER")
            aim_text = f"{aim:.2f}" if aim else ""
            print(
                f"{name:<48} {medians[name]:7.3f} {medians[name] / base:9.1f} {cpu:7.3f} "
                f"{aim_text:>6} {status}"
            )


COMMANDS_TIMES: dict[str, list[float]] = {}
# CPU seconds per command line: on a busy shared machine the wall time includes waiting
# for a core, the CPU time does not (both are printed).
CPU_TIMES: dict[str, list[float]] = {}

if __name__ == "__main__":
    main()
