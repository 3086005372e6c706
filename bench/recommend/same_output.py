"""Whether two installed trackers print the same ``recommend`` (run by hand, never by CI).

    python bench/recommend/same_output.py BEFORE/bin/tracker AFTER/bin/tracker [--db FILE]

Runs each console script on the same database (the bundled catalog, made by BEFORE in a
temporary folder, or ``--db``: a large one of bench_recommend.py's) with the same clock and
compares stdout and stderr byte for byte: the README's command as text and ``--json``, the
personas of personas.py, ``--kind workshop``, ``--all --within-budget``, ``--mode submit``,
``--virtual-ok``, ``--topic``, ``--why KEY``, in English and Chinese, at two instants. The
after package runs each case twice (its caches cold, then warm: e.g. the YAML memo). Prints
each case that differs and a verdict; the exit status is 1 when any differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from personas import PERSONAS  # noqa: E402

NOWS = ("2026-03-01T12:00:00Z", "2026-11-15T08:30:00Z")
README = ["--home", "Berlin", "--interests", "nlp,machine-learning"]
CASES: dict[str, list[str]] = {
    "README": README,
    "README --json": [*README, "--json"],
    "--kind workshop": [*README, "--kind", "workshop"],
    "--kind workshop --json": [*README, "--kind", "workshop", "--json"],
    "--all --within-budget": [*README, "--all", "--within-budget", "--budget", "2000"],
    "--all --within-budget --json": [*README, "--all", "--within-budget", "--budget", "2000", "--json"],
    "--mode submit": [*README, "--mode", "submit"],
    "--mode submit --json": [*README, "--mode", "submit", "--json"],
    "--virtual-ok": [*README, "--virtual-ok"],
    "--virtual-ok --json": [*README, "--virtual-ok", "--json"],
    "--topic": ["--home", "Tokyo", "--interests", "machine-learning", "--topic", "computer-vision"],
    "--topic --json": ["--home", "Tokyo", "--interests", "machine-learning", "--topic", "nlp", "--json"],
    "--passport --limit 30": [*README, "--passport", "IN", "--limit", "30"],
    "--why emnlp2026": [*README, "--why", "emnlp2026"],
    "--why iclr2026 --json": [*README, "--why", "iclr2026", "--json"],
    "--why a workshop": [*README, "--why", "want2026"],
    "no home (error)": ["--interests", "nlp"],
    "unknown topic (error)": ["--home", "Berlin", "--interests", "nlpp"],
    **{f"persona {name}": who for name, who in PERSONAS.items()},
    **{f"persona {name} --json": [*who, "--json"] for name, who in PERSONAS.items()},
}


def output(tracker: str, argv: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([tracker, "recommend", *argv], env=env, capture_output=True, check=False)
    return done.returncode, done.stdout, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--db", type=Path, help="the database (default: the bundled catalog)")
    parser.add_argument("--only", help="only the cases whose name contains this")
    args = parser.parse_args()
    differ = compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "same.db"
        for now in NOWS:
            for lang in ("en", "zh"):
                env = {**os.environ, "TRACKER_DB": str(db), "TRACKER_NOW": now, "TRACKER_LANG": lang}
                env.update(COLUMNS="200", HOME=tmp, XDG_CACHE_HOME=str(Path(tmp) / f"cache-{now}-{lang}"))
                if not db.exists():
                    subprocess.run([args.before, "db", "info"], env=env, check=True, capture_output=True)
                for name, argv in CASES.items():
                    if args.only and args.only not in name:
                        continue
                    expected = output(args.before, argv, env)
                    for run in ("first", "again"):
                        compared += 1
                        if output(args.after, argv, env) != expected:
                            differ += 1
                            print(f"DIFFERS: {name} ({run}, TRACKER_NOW={now}, {lang})")
    print(f"{compared - differ} of {compared} outputs identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
