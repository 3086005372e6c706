"""The seed's snapshot: the bundled catalog's rows, worked out at build time.

Everything the seed does before it looks at the clock -- reading the three trackers' files,
the gate, the merge, the bundled workshops and their classified topics -- gives the same
rows on every machine for the same code and data. The build (``hatch_build.py`` through
``tools/build_seed.py``) runs that part once and writes its rows to :data:`FILE` (build
output, never committed, like the .mo catalogs); a first run then inserts them with one
``executemany`` per table and computes only what depends on today (the estimated editions,
the quality composites, the known fees).

The file is keyed by a hash of everything that made it: tracker's code, the shipped data and
the migrations (the schema script with them). A first run uses it only when that key is
still the key of what is installed (a checkout edited since its last build, or never built,
seeds the slow way), so the snapshot can be missing or stale but never wrong. SQLite only:
the rows keep their ids.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from tracker import config

#: Build output beside this module (gitignored; the wheel ships it as an artifact).
FILE = Path(__file__).with_name("seed_rows.json")
_PACKAGE = Path(__file__).resolve().parents[1]
# Inside a wheel the data and migrations travel in the package (tracker/_data, _migrations):
# they are hashed as data, not as code, so that a checkout and its wheel agree on the key.
_NOT_CODE = ("_data", "_migrations", "__pycache__")


def inputs_key() -> str:
    """A hash of what the snapshot is made from: tracker's .py files, data/ and migrations/."""
    digest = hashlib.blake2b(digest_size=20)
    files = [
        *_files(_PACKAGE, "tracker", suffix=".py"),
        *_files(config.data_dir(), "data"),
        *_files(config.migrations_dir(), "migrations"),
    ]
    for name, path in sorted(files):
        digest.update(f"{name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(root: Path, label: str, *, suffix: str = "") -> list[tuple[str, Path]]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _NOT_CODE and not d.startswith(".")]
        where = Path(folder)
        relative = where.relative_to(root).as_posix()
        for name in names:
            if name.endswith(suffix) and not name.startswith("."):
                out.append((f"{label}/{relative}/{name}", where / name))
    return out


Tables = list[dict[str, Any]]


def load(path: Path | None = None) -> Tables | None:
    """The snapshot's tables when it was built from what is installed now, else None."""
    try:
        text = (path or FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        snapshot = json.loads(text)
    except ValueError:
        return None  # a build cut short: seed the slow way
    if not isinstance(snapshot, dict) or snapshot.get("key") != inputs_key():
        return None
    tables: Tables = snapshot["tables"]
    return tables


def insert(connection: Connection, tables: Tables) -> int:
    """Insert the snapshot's rows, one ``executemany`` per table; returns how many rows."""
    written = 0
    for table in tables:
        columns = ", ".join(f'"{c}"' for c in table["columns"])
        marks = ", ".join("?" for _ in table["columns"])
        rows = [tuple(row) for row in table["rows"]]
        connection.exec_driver_sql(f'INSERT INTO "{table["name"]}" ({columns}) VALUES ({marks})', rows)
        written += len(rows)
    return written


def dump(database: Path, table_names: list[str]) -> dict[str, Any]:
    """The snapshot of ``database``: the rows of ``table_names`` (in that order) as stored.

    Values are SQLite's own (dates as their text, booleans as 0/1), so inserting them gives
    back the same rows byte for byte. A table whose rowid is not one of its columns gets it
    as an extra column: the rows come back in the same places, not merely with equal values.
    """
    conn = sqlite3.connect(database)
    try:
        tables = []
        for name in table_names:
            info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            keys = [row for row in info if row[5]]
            integer_key = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"
            columns = [row[1] for row in info] if integer_key else ["rowid", *(row[1] for row in info)]
            listed = ", ".join(f'"{c}"' if c != "rowid" else "rowid" for c in columns)
            rows = [list(r) for r in conn.execute(f'SELECT {listed} FROM "{name}" ORDER BY rowid')]
            if any(isinstance(value, bytes) for row in rows for value in row):
                raise ValueError(f"{name} holds binary values, which the snapshot does not carry")
            if rows:
                tables.append({"name": name, "columns": columns, "rows": rows})
    finally:
        conn.close()
    return {"key": inputs_key(), "tables": tables}
