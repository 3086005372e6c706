"""Notes are never lost: concurrent writers, and a writer killed in the middle of a transaction.

Each writer is a separate Python process with its own engine on the same file, as
when a person runs `tracker log-notes` in several terminals at once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

WRITER = textwrap.dedent(
    """
    import sys
    from tracker import db
    from tracker.personal.notes import add_note

    url, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(count):
        with db.session(url, write=True) as s:
            add_note(s, "lmconf2026", f"worker {worker} note {i} concurrency", tags=[f"w{worker}"])
    print("done", flush=True)
    """
)

KILLED = textwrap.dedent(
    """
    import sys, time
    from tracker import db
    from tracker.personal.notes import add_note

    url, committed = sys.argv[1], int(sys.argv[2])
    for i in range(committed):
        with db.session(url, write=True) as s:
            note = add_note(s, "lmconf2026", f"committed {i} survivor")
        print(f"committed {note.id}", flush=True)
    with db.session(url, write=True) as s:
        for j in range(500):
            add_note(s, "lmconf2026", f"uncommitted {j} ghost " + "x" * 2000)
        s.flush()
        print("inside", flush=True)
        time.sleep(120)
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_four_processes_write_1000_notes_without_locking_errors(editions, db_url, tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(w), "250"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for w in range(4)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "database is locked" not in err
        assert out.strip() == "done"
    from sqlalchemy import text

    from tracker import db
    from tracker.personal.search import search

    with db.session(db_url) as s:
        assert s.execute(text("SELECT count(*) FROM note")).scalar_one() == 1000
        per_worker: dict[str, int] = dict(
            s.execute(text("SELECT tag, count(*) FROM note_tag GROUP BY tag")).all()
        )
        assert per_worker == {"w0": 250, "w1": 250, "w2": 250, "w3": 250}
        assert len(search(s.connection(), "concurrency", limit=5000)) == 1000
    assert _integrity(tmp_path / "tracker.db") == "ok"


def test_sigkill_mid_transaction_keeps_every_committed_note(editions, db_url, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, db_url, "40"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert proc.stdout is not None
    committed: list[int] = []
    try:
        for line in proc.stdout:
            if line.startswith("committed"):
                committed.append(int(line.split()[1]))
            elif line.strip() == "inside":
                break
        else:
            raise AssertionError(proc.stderr.read() if proc.stderr else "writer ended early")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(committed) == 40

    path = tmp_path / "tracker.db"
    assert _integrity(path) == "ok"
    conn = sqlite3.connect(path)
    from tracker import cjk

    cjk.register(conn)  # the index's content view calls it, as on every connection tracker opens
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM note ORDER BY id")]
        assert ids == committed
        assert conn.execute("SELECT count(*) FROM note WHERE body LIKE 'uncommitted%'").fetchone()[0] == 0
        # The full-text index matches the notes: nothing of the lost transaction in it.
        conn.execute("INSERT INTO note_fts(note_fts) VALUES ('integrity-check')")
        assert (
            conn.execute("SELECT count(*) FROM note_fts WHERE note_fts MATCH 'survivor'").fetchone()[0] == 40
        )
        assert conn.execute("SELECT count(*) FROM note_fts WHERE note_fts MATCH 'ghost'").fetchone()[0] == 0
    finally:
        conn.close()

    # The database is usable again at once.
    from tracker import db
    from tracker.personal.notes import add_note

    db.dispose_all()
    with db.session(db_url, write=True) as s:
        add_note(s, "lmconf2026", "after the crash")
    assert _integrity(path) == "ok"
