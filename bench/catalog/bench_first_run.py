"""A first run (create the file, build the schema, seed the bundled catalog) against a warm `conf list`.

Run by hand (not a test), with the project's virtualenv:

    python bench/catalog/bench_first_run.py [--runs 7]

Both are whole processes of the installed ``tracker`` command (its modules' bytecode
cached, as a person's install has them), run from an empty folder so that no checkout is
on the path: ``tracker conf list`` on a new database file (the first run a new user
sees), then ``tracker conf list`` on that same file, now up to date (warm). The two
alternate (new, warm, new, warm, ...) so that the machine's load falls on both alike.
Prints min/median/max of CPU time (user + system) and wall time, and the median of each
pair's ratio, and whether the installed package's seed snapshot (built by its build hook,
tracker/catalog/snapshot.py) is current: without one a first run seeds the slow way. The
aim (issue 14): a first run at most 1.5x a warm `conf list`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIM = 1.5


def _tracker() -> str:
    """The installed console script beside this interpreter (not ``python -m`` in a checkout)."""
    found = Path(sys.executable).with_name("tracker")
    if found.exists():
        return str(found)
    on_path = shutil.which("tracker")
    if on_path is None:
        raise SystemExit("no installed `tracker` command: pip install the package first")
    return on_path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process."""
    cpu = _children_cpu()
    began = time.perf_counter()
    done = subprocess.run(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace').strip()}")
    return _children_cpu() - cpu, wall


def _snapshot_state(env: dict[str, str], cwd: Path) -> str:
    """Whether the installed tracker's first run will insert its snapshot, as that tracker says."""
    python = Path(_tracker()).with_name("python")
    check = (
        "try:\n"
        "    from tracker.catalog import snapshot\n"
        "except ImportError:\n"  # a tracker from before the snapshot (to compare with)
        "    print('none (this tracker has no snapshot)')\n"
        "else:\n"
        "    print('missing' if not snapshot.FILE.exists() else 'current' if snapshot.load() else 'stale')"
    )
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), "-c", check],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _spread(values: list[float]) -> str:
    return f"{min(values):6.2f} {statistics.median(values):6.2f} {max(values):6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    command = [_tracker(), "conf", "list"]
    first: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "TRACKER_NOW": "2026-03-01T12:00:00Z", "TRACKER_LANG": "en", "COLUMNS": "200"}
        snapshot = _snapshot_state(env, work)
        # One untimed first run: the bytecode of every module the seed imports is then cached.
        _run(command, {**env, "TRACKER_DB": str(work / "untimed.db")}, work)
        for n in range(args.runs):
            env["TRACKER_DB"] = str(work / f"run{n}.db")
            first.append(_run(command, env, work))
            warm.append(_run(command, env, work))
    print(f"seed snapshot of the installed package: {snapshot}")
    print(f"{'':30s} {'CPU s (min median max)':>22s}   {'wall s (min median max)':>23s}")
    for label, runs in (("first run: tracker conf list", first), ("warm: tracker conf list", warm)):
        print(f"{label:30s} {_spread([c for c, _ in runs]):>22s}   {_spread([w for _, w in runs]):>23s}")
    cpu_ratio = statistics.median(f[0] / w[0] for f, w in zip(first, warm, strict=True))
    wall_ratio = statistics.median(f[1] / w[1] for f, w in zip(first, warm, strict=True))
    verdict = "meets" if cpu_ratio <= AIM else "misses"
    print(f"ratio first/warm, median of {args.runs} pairs: CPU {cpu_ratio:.2f}x, wall {wall_ratio:.2f}x")
    print(f"verdict: {verdict} the aim of {AIM}x (CPU)")


if __name__ == "__main__":
    main()
