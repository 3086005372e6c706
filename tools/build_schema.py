"""Builds migrations/schema.sql: the schema the migrations make, for a new SQLite file's first run.

    python tools/build_schema.py

A new database is created from this script in one go instead of by the fifteen migrations
one after another (which import Alembic and copy tables in batch mode: most of a second).
The script is what SQLite stores after the migrations ran on an empty file: every table,
index, view, trigger and FTS table as its ``sqlite_master`` text, then the rows the
migrations wrote (the ``alembic_version`` stamp). Its ``-- revision:`` line names the head
it was built at; tracker uses it only while that is still the head (after a new migration,
a first run migrates as before until the script is built again), and
tests/catalog_import/test_first_run.py checks that both ways make the same database.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "migrations" / "schema.sql"
# Tables before the views that read them, indexes and triggers after both.
ORDER = ("table", "view", "index", "trigger")


def build() -> str:
    """The script's text, from the migrations of the checkout run on an empty file."""
    from tracker import db

    (head,) = db.migration_heads()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.db"
        engine = db.get_engine(f"sqlite:///{path}", migrate=False)
        try:
            db.upgrade(engine, head)  # a named revision: always by the migrations
        finally:
            db.dispose_all()
        return render(path, head)


def render(path: Path, head: str) -> str:
    from tracker import cjk

    conn = sqlite3.connect(path)
    try:
        cjk.register(conn)  # the notes' index view calls it
        # An FTS table makes its own shadow tables: they are not written out.
        shadow = {row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "shadow"}
        objects = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        )
        ranked = sorted(
            (ORDER.index(kind), n, sql) for n, (kind, name, sql) in enumerate(objects) if name not in shadow
        )
        lines = [
            "-- The schema the migrations (migrations/versions) make, as SQLite stores it: a new",
            "-- database's first run executes this instead of running them one by one.",
            "-- Written by tools/build_schema.py; do not edit.",
            f"-- revision: {head}",
            f"-- tables: {', '.join(table_names())}",
            "",
        ]
        lines += [f"{sql};\n" for _rank, _n, sql in ranked]
        # The migration that made the notes' index rebuilt it, which leaves its own marks in
        # the index's (empty) data: so does the script.
        # (A vocabulary table has no data of its own, and a contentless index cannot be rebuilt.)
        virtual = (
            "SELECT name, sql FROM sqlite_master"
            " WHERE name IN (SELECT name FROM pragma_table_list WHERE type = 'virtual')"
        )
        for name, sql in conn.execute(virtual):
            if "USING fts5(" in sql and "content=''" not in sql:
                lines.append(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\');\n')
        tables = [row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "table"]
        for table in tables:
            if table.startswith("sqlite_") or table in shadow:
                continue
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            values = " || ', ' || ".join(f'quote("{c}")' for c in columns)
            for (row,) in conn.execute(f'SELECT {values} FROM "{table}" ORDER BY rowid'):
                lines.append(f'INSERT INTO "{table}" VALUES ({row});')
    finally:
        conn.close()
    return "\n".join(lines) + "\n"


def table_names() -> list[str]:
    """Every table the models describe, parents first: the counts of ``tracker db info``."""
    from tracker.models import metadata

    return [table.name for table in metadata().sorted_tables]


def main() -> None:
    text = build()
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
