"""A long ``tracker import`` never makes a short write fail.

Two real processes on one SQLite file, as when a person runs ``tracker log-notes`` while a
big import runs in another terminal. Both have a busy timeout far shorter than the import
takes: the import may hold the write lock only to write back what it built elsewhere.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

BUSY_TIMEOUT_MS = 2000  # the import below takes several times this long
ENTRIES = 3000

# Runs the real CLI with a shorter busy timeout (the engine reads it when it connects).
IMPORTER = textwrap.dedent(
    """
    import sys
    from tracker import db
    db.BUSY_TIMEOUT_MS = int(sys.argv[1])
    from tracker.cli.app import run
    sys.exit(run(["import", sys.argv[2], "--format", "pwc", "--json"]))
    """
)

# Writes notes through the CLI, one after another, until the stop file appears.
WRITER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from tracker import db
    db.BUSY_TIMEOUT_MS = int(sys.argv[1])
    from tracker.cli.app import run
    stop, codes = Path(sys.argv[2]), []
    while not stop.exists():
        started = time.monotonic()
        codes.append(run(["log-notes", "neurips2026", "--text", f"written during the import {len(codes)}"]))
        print(json.dumps({"code": codes[-1], "seconds": time.monotonic() - started}), flush=True)
        time.sleep(0.05)
    """
)


def synthetic_pwc(entries: int) -> str:
    """A paperswithcode-style file: entries/4 series of four years each, real places to geocode."""
    cities = ["Vienna, Austria", "Sydney, Australia", "Vancouver, Canada", "Kyoto, Japan", "Lisbon, Portugal"]
    out = []
    for i in range(entries):
        series, year = i // 4, 2023 + i % 4
        day = 1 + series % 20
        out.append(
            f"- title: LOCK{series:04d}\n  year: {year}\n  id: lock{series:04d}{year % 100}\n"
            f"  link: https://lock{series}.example.org/{year}\n  deadline: '{year}-03-{day:02d} 23:59:59'\n"
            f"  timezone: AoE\n  place: {cities[i % len(cities)]}\n  date: June {day}-{day + 2}, {year}\n"
            f"  start: {year}-06-{day:02d}\n  end: {year}-06-{day + 2:02d}\n  sub: ML\n"
        )
    return "\n".join(out)


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
def test_a_note_written_during_a_long_import_is_stored(tmp_path: Path) -> None:
    database = tmp_path / "tracker.db"
    assert os.environ["TRACKER_DB"] == str(database)  # the seeded copy every test starts with
    editions = _count(database, "SELECT count(*) FROM edition")
    source = tmp_path / "conferences.yml"
    source.write_text(synthetic_pwc(ENTRIES), encoding="utf-8")
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def start(code: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", code, str(BUSY_TIMEOUT_MS), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    writer = start(WRITER, str(stop))
    assert writer.stdout is not None
    first = writer.stdout.readline()  # the writer is running before the import starts
    started = time.monotonic()
    importer = start(IMPORTER, str(source))
    try:
        report_text, import_err = importer.communicate(timeout=600)
    finally:
        elapsed = time.monotonic() - started
        stop.touch()
    rest, writer_err = writer.communicate(timeout=120)
    writes = [json.loads(line) for line in [first, *rest.splitlines()] if line.strip()]

    assert importer.returncode == 0, import_err
    assert elapsed > 2 * BUSY_TIMEOUT_MS / 1000  # the test means something only if the import is long
    report = json.loads(report_text)
    assert report["stored"] and len(report["added"]) == ENTRIES + ENTRIES // 4  # editions + series
    assert _count(database, "SELECT count(*) FROM edition") >= editions + ENTRIES

    assert writer.returncode == 0, writer_err[-2000:]  # "database is locked" ended it before
    assert [w for w in writes if w["code"] != 0] == [], writer_err[-2000:]
    assert len(writes) >= 5  # notes kept coming while the import ran
    stored = _count(database, "SELECT count(*) FROM note WHERE body LIKE 'written during the import %'")
    assert stored == len(writes)
