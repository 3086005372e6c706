"""Benchmarks of ``tracker recommend`` (run by hand, never by CI).

    python bench/recommend/bench_recommend.py [--runs 5] [--editions 100000]

1. Whole process on the bundled catalog: ``python -c pass`` and ``tracker --help`` as
   baselines, the first run on a new database (create, migrate, seed, recommend), then
   warm runs with options only (the README's first command) and with a saved profile.
2. ``tracker recommend`` over a database holding N more editions (aim: under 2 s at
   100,000), with the peak memory (max RSS) of the process, and the whole command's time
   against its own SQL replayed through the sqlite3 module (aim at 1,000,000: 1.5x).
3. The scoring kernel alone, in-process on N synthetic editions (under 0.1 s for 100,000):
   a part of 2, which includes candidate loading; not the figure of the command.

Every figure is a median over the runs of this one invocation, printed next to the
baseline measured in the same run, with the CPU time (user + system) next to the wall
time: this 2-core machine is shared, wall times drift with its load (the load average
is printed too), CPU times much less.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TRACKER = [sys.executable, "-m", "tracker"]
NOW = "2026-03-01T12:00:00Z"
README = ["recommend", "--home", "Berlin", "--interests", "nlp,machine-learning"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed: {err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_run(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds and the largest peak RSS over ``runs`` runs."""
    results = [run(argv, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
    )


def environment(db: Path) -> dict[str, str]:
    return {**os.environ, "TRACKER_DB": str(db), "TRACKER_NOW": NOW, "COLUMNS": "200"}


def whole_process(workdir: Path, runs: int) -> None:
    env = environment(workdir / "bundled.db")
    rows = [
        ("python -c pass", *median_run([sys.executable, "-c", "pass"], env, runs)),
        ("tracker --help", *median_run([*TRACKER, "--help"], env, runs)),
        ("first run: create+migrate+seed+rank", *run([*TRACKER, *README], env)),
        ("tracker " + " ".join(README), *median_run([*TRACKER, *README], env, runs)),
    ]
    run([*TRACKER, "profile", "set", "--home", "Berlin", "--interests", "nlp,machine-learning"], env)
    rows.append(("tracker recommend (saved profile)", *median_run([*TRACKER, "recommend"], env, runs)))
    rows.append(("tracker recommend --json", *median_run([*TRACKER, "recommend", "--json"], env, runs)))
    rows.append(
        (
            "tracker recommend --why emnlp2026",
            *median_run([*TRACKER, "recommend", "--why", "emnlp2026"], env, runs),
        )
    )
    print(f"1. whole process, bundled catalog (median of {runs} runs; the first run once)")
    report(rows)


def report(rows: list[tuple[str, float, float, float]]) -> None:
    base = rows[0][1]
    print(f"   {'command':60s} {'wall':>7s} {'cpu':>7s} {'x py':>5s} {'peak':>8s}")
    for label, wall, cpu, rss in rows:
        print(f"   {label:60s} {wall:6.3f}s {cpu:6.3f}s {wall / base:5.1f} {rss:5.0f} MiB")


def kernel(n: int, runs: int) -> None:
    import numpy as np
    import synthetic

    from tracker.recommend.scoring import ModelParams, evaluate, rank, score

    features, person = synthetic.editions(n), synthetic.person()
    model = ModelParams()
    weights = {"topic": 3, "quality": 2, "time": 1.5, "location": 1.5, "cost": 2}
    score(features, person, model, weights)  # warm-up (BLAS threads, caches)
    totals, cpus, evals, ranks = [], [], [], []
    for _ in range(max(runs, 10)):
        c0, t0 = time.process_time(), time.perf_counter()
        ev = evaluate(features, person, model)
        t1 = time.perf_counter()
        rank(ev, np.array([0.3, 0.2, 0.15, 0.15, 0.2]), tie_break=features.start)
        t2, c2 = time.perf_counter(), time.process_time()
        totals.append(t2 - t0)
        cpus.append(c2 - c0)
        evals.append(t1 - t0)
        ranks.append(t2 - t1)
    print(f"3. scoring kernel, {n:,} synthetic editions, in-process (median of {len(totals)})")
    print(f"   evaluate (5 criteria + rules)           {statistics.median(evals) * 1000:7.1f} ms wall")
    print(f"   rank (weights, totals, lexsort)         {statistics.median(ranks) * 1000:7.1f} ms wall")
    total, cpu = statistics.median(totals) * 1000, statistics.median(cpus) * 1000
    print(f"   total                                   {total:7.1f} ms wall, {cpu:.1f} ms CPU (aim < 100 ms)")


def build_large(db: Path, n: int, env: dict[str, str]) -> None:
    """The bundled database plus ``n`` synthetic editions (10 per series) with deadlines and topics."""
    import random
    from datetime import UTC, date, datetime, timedelta

    from sqlalchemy import insert

    run([*TRACKER, "db", "info"], env)  # create, migrate, seed
    os.environ["TRACKER_NOW"] = NOW
    from tracker import db as store
    from tracker.catalog import topics
    from tracker.models.catalog import Deadline, Edition, QualitySignal, Series, SeriesTopic

    rng = random.Random(7)
    vocab = list(topics.vocabulary())
    places = [
        ("Berlin", "DE", 52.52, 13.40), ("Beijing", "CN", 39.9, 116.4), ("Denver", "US", 39.74, -104.99),
        ("Vienna", "AT", 48.2, 16.37), ("Tokyo", "JP", 35.69, 139.69), ("Sydney", "AU", -33.87, 151.21),
        ("Nairobi", "KE", -1.29, 36.82), ("Lima", "PE", -12.05, -77.04), (None, None, None, None),
    ]  # fmt: skip
    n_series = n // 10
    with store.session("sqlite:///" + str(db), write=True) as s:
        base_id = 1_000_000
        s.execute(insert(Series), [
            {"id": base_id + i, "key": f"syn{i}", "acronym": f"SYN{i}", "name": f"Synthetic {i}",
             "kind": "workshop" if i % 7 == 0 else "conference", "source": "bench"}
            for i in range(n_series)
        ])  # fmt: skip
        s.execute(insert(SeriesTopic), [
            {"series_id": base_id + i, "topic": t} for i in range(n_series) for t in set(rng.sample(vocab, 2))
        ])  # fmt: skip
        s.execute(insert(QualitySignal), [
            {"series_id": base_id + i, "source": "core", "value": rng.choice(["A*", "A", "B", "C"]),
             "provenance": "bench"}
            for i in range(n_series)
        ])  # fmt: skip
        editions, deadlines = [], []
        for i in range(n_series):
            for y in range(10):
                eid = base_id + i * 10 + y
                start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 3650))
                city, country, lat, lon = rng.choice(places)
                editions.append({
                    "id": eid, "series_id": base_id + i, "year": 2026 + y, "key": f"syn{i}y{y}",
                    "kind": "workshop" if i % 7 == 0 else "conference", "title": "", "start_date": start,
                    "end_date": start + timedelta(days=rng.randrange(0, 5)), "city": city, "country": country,
                    "latitude": lat, "longitude": lon, "mode": rng.choice(["in-person", "hybrid", "virtual"]),
                    "estimated": rng.random() < 0.1, "source": "bench",
                })  # fmt: skip
                lead = timedelta(days=rng.randrange(60, 200))
                at = datetime.combine(start, datetime.min.time(), UTC) - lead
                deadlines.append({
                    "edition_id": eid, "type": "paper", "at_utc": at, "timezone": "UTC",
                    "local_text": at.strftime("%Y-%m-%d %H:%M:%S"), "estimated": False, "source": "bench",
                })  # fmt: skip
        s.execute(insert(Edition), editions)
        s.execute(insert(Deadline), deadlines)


def large(workdir: Path, n: int, runs: int) -> None:
    db = workdir / "large.db"
    env = environment(db)
    t0 = time.perf_counter()
    # Built in a child process: a forked child's peak RSS counts the parent's memory from
    # before exec, so this process must stay small for the measurements below.
    subprocess.run([sys.executable, __file__, "--build", str(db), "--editions", str(n)], check=True, env=env)
    built = time.perf_counter() - t0
    rows = [
        ("python -c pass", *median_run([sys.executable, "-c", "pass"], env, runs)),
        ("tracker " + " ".join(README), *median_run([*TRACKER, *README], env, runs)),
        (
            "... --kind conference --json",
            *median_run([*TRACKER, *README, "--kind", "conference", "--json"], env, runs),
        ),
    ]
    print(
        f"2. tracker recommend over {n:,} more editions (built in {built:.1f} s; median of {runs}; aim < 2 s)"
    )
    report(rows)
    # The whole path of one call against the SQL it runs: the statements the command sent
    # (captured in a child process), replayed through the sqlite3 module with every row fetched.
    done = subprocess.run(
        [sys.executable, __file__, "--capture", str(db)], env=env, check=True, capture_output=True, text=True
    )
    statements = [(s, tuple(p)) for s, p in json.loads(done.stdout)]
    replays = [replay(db, statements) for _ in range(runs)]
    sql = statistics.median(replays)
    wall = rows[1][1]
    print(
        f"   its own SQL through sqlite3 ({len(statements)} statements, all rows fetched): "
        f"min {min(replays):.3f} s, median {sql:.3f} s, max {max(replays):.3f} s; "
        f"the whole command is {wall / sql:.2f}x that (aim at 1M editions: 1.5x)"
    )


def capture(db: Path) -> None:
    """Run the README's recommend in this process and print the SQL it sent, as JSON."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    sent: list[tuple[str, list[object]]] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, parameters, _context, executemany):
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            plain = (int, float, str, bytes, type(None))  # the dialect has already turned dates to text
            sent.append((statement, [p if isinstance(p, plain) else str(p) for p in parameters]))

    from tracker.cli.app import run as run_cli

    with contextlib.redirect_stdout(io.StringIO()):
        run_cli(["--db", str(db), *README])
    print(json.dumps(sent))


def replay(db: Path, statements: list[tuple[str, tuple[object, ...]]]) -> float:
    """Seconds to run ``statements`` through sqlite3, fetching every row."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        start = time.perf_counter()
        for statement, parameters in statements:
            conn.execute(statement, parameters).fetchall()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--editions", type=int, default=100_000)
    parser.add_argument("--build", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--capture", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture:
        capture(Path(args.capture))
        return
    if args.build:
        build_large(Path(args.build), args.editions, environment(Path(args.build)))
        return
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        whole_process(Path(tmp), args.runs)
        large(Path(tmp), args.editions, args.runs)
        kernel(args.editions, args.runs)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
