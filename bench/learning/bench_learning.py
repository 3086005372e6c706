"""Whole-process time of ``tracker path`` and of every export, on the bundled data.

Usage (from the checkout, with the project's virtualenv):

    python bench/learning/bench_learning.py [--runs 7]

A temporary database is created once (migrated, seeded with the bundled catalog) and
filled with every reading of the topic map (``reading-list add --topic`` for each
concept) before timing, so the figures are those of commands on an existing database
with a realistic reading list. The classifier's weight cache lives in a temporary
XDG cache directory and is warmed by the set-up, as it would be after the first use.
Prints the median wall time of each command and its ratio to ``tracker --help``
measured in the same run (run by hand; never by CI).
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

TRACKER = [sys.executable, "-m", "tracker"]


def commands(out_dir: Path) -> list[tuple[str, list[str]]]:
    return [
        ("tracker --help", ["--help"]),
        ("path transformers", ["path", "transformers"]),
        ("path large-language-models --json", ["path", "large-language-models", "--json"]),
        ("path multimodal-learning llm-agents", ["path", "multimodal-learning", "llm-agents"]),
        ("path progress", ["path", "progress"]),
        *[
            (
                f"reading-list export --format {fmt}",
                ["reading-list", "export", "--format", fmt, "--out", str(out_dir / f"list.{fmt}")],
            )
            for fmt in ("md", "bibtex", "csl-json", "csv", "json")
        ],
        ("calendar export (deadlines+conferences)", ["calendar", "export", "--out", str(out_dir / "c.ics")]),
        (
            "calendar export --topic nlp",
            ["calendar", "export", "--topic", "nlp", "--out", str(out_dir / "n.ics")],
        ),
        ("trends", ["trends"]),
    ]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}


def run(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run; its CPU time (user + system) is kept in CPU (robust on a busy machine)."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        TRACKER + argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"tracker {' '.join(argv)} failed: {done.stderr.decode(errors='replace').strip()}")
    CPU.setdefault(" ".join(argv), []).append(_children_cpu() - cpu_before)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = dict(os.environ)
        env.update(
            TRACKER_DB=str(root / "bench.db"),
            TRACKER_NOW="2026-03-01T12:00:00Z",
            XDG_CACHE_HOME=str(root / "cache"),
            HOME=str(root),
            COLUMNS="120",
        )
        setup_start = time.perf_counter()
        from tracker.learning.topic_map import load  # only to list the concepts

        topic_args = [a for key in load().concepts for a in ("--topic", key)]
        run(["reading-list", "add", *topic_args], env)  # creates + seeds the DB, warms the cache
        run(["path", "transformers", "--done", "optimization"], env)
        run(["path", "diffusion-models"], env)
        print(
            f"set-up (create, seed, {len(load().readings)} readings, two goals): "
            f"{time.perf_counter() - setup_start:.2f} s"
        )
        results: list[tuple[str, float, float]] = []
        for name, argv in commands(root):
            times = [run(argv, env) for _ in range(args.runs)]
            results.append((name, statistics.median(times), statistics.median(CPU[" ".join(argv)])))
        base, base_cpu = results[0][1], results[0][2]
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        header = f"{'command':44} {'wall s':>7} {'x help':>7} {'cpu s':>7} {'x help':>7}"
        print(f"{header}   (medians of {args.runs} runs)")
        for name, median, cpu in results:
            print(f"{name:44} {median:7.3f} {median / base:7.2f} {cpu:7.3f} {cpu / base_cpu:7.2f}")
        sizes = {p.name: p.stat().st_size for p in sorted(root.glob("*.*")) if p.suffix != ".db"}
        print("output sizes (bytes):", ", ".join(f"{k} {v}" for k, v in sizes.items() if "bench" not in k))


if __name__ == "__main__":
    main()
