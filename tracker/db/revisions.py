"""The schema's revisions and the schema script, read without Alembic.

Every command opens the database; comparing its stored revision with the head of
``migrations/`` by reading the migration files' headers keeps Alembic off the import path
of an up-to-date database.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import config

if TYPE_CHECKING:
    from sqlalchemy import Connection

_REVISION_RE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def migration_heads(versions_dir: Path | None = None) -> set[str]:
    """The head revision(s) of ``migrations/versions``, parsed from the files' headers."""
    folder = versions_dir or (config.migrations_dir() / "versions")
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in folder.glob("*.py"):
        found = dict(_REVISION_RE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(_literal(found["revision"]))
        down = _literal(found.get("down_revision", "None"))
        if down:
            parents.add(down)
    return revisions - parents


def known_revisions() -> set[str]:
    folder = config.migrations_dir() / "versions"
    out = set()
    for path in folder.glob("*.py"):
        found = dict(_REVISION_RE.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            out.add(_literal(found["revision"]))
    return out


def _literal(text: str) -> str:
    text = text.strip()
    if text in ("None", ""):
        return ""
    return text.strip("'\"")


def current_revision(conn: Connection) -> str | None:
    """The revision stored in the database, or None for a database with no schema yet."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    query = "SELECT version_num FROM alembic_version"
    if conn.dialect.name == "sqlite":
        # One plain query on every run of every command: the inspector's table lookup and
        # a compiled text() cost ~3 ms more. A failed statement leaves SQLite's transaction
        # usable (a server database's would not: it is asked with the inspector first).
        try:
            row = conn.exec_driver_sql(query).first()
        except OperationalError as exc:
            if "no such table" not in str(exc.orig):
                raise
            return None
        return row[0] if row else None
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.exec_driver_sql(query).first()
    return row[0] if row else None


def schema_script() -> list[str] | None:
    """The statements of ``migrations/schema.sql`` while it is the heads' schema, else None.

    The script (written by tools/build_schema.py) is the schema the migrations make, and the
    ``alembic_version`` stamp; a script older than the newest migration is not used.
    """
    try:
        text = (config.migrations_dir() / "schema.sql").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    built_at = re.search(r"^-- revision: (\S+)$", text, re.MULTILINE)
    if built_at is None or {built_at.group(1)} != migration_heads():
        return None
    statements: list[str] = []
    pending = ""
    for line in text.splitlines(keepends=True):
        if not pending and (line.startswith("--") or not line.strip()):
            continue
        pending += line
        if sqlite3.complete_statement(pending):  # a trigger's body holds semicolons of its own
            statements.append(pending.strip())
            pending = ""
    return statements


def table_names() -> list[str]:
    """Every table the models describe, parents first (``models.metadata().sorted_tables``).

    Read from the schema script's ``-- tables:`` line while the script is the heads' schema:
    importing every room's models (and the ORM) for their names was a third of ``db info``.
    """
    with suppress(FileNotFoundError):
        head = (config.migrations_dir() / "schema.sql").read_text(encoding="utf-8")[:4096]
        built_at = re.search(r"^-- revision: (\S+)$", head, re.MULTILINE)
        listed = re.search(r"^-- tables: (.+)$", head, re.MULTILINE)
        if built_at is not None and listed is not None and {built_at.group(1)} == migration_heads():
            return listed.group(1).split(", ")
    from tracker.models import metadata

    return [table.name for table in metadata().sorted_tables]
