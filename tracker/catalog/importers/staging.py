"""Building an import on a private copy of the database, then writing back only what changed.

Parsing, checking, geocoding, merging and flushing 6,000 entries takes seconds. Done inside
the write transaction, that held SQLite's write lock the whole time, and a note written
meanwhile failed once its busy timeout ran out. So the import is built, by the same code,
on an in-memory copy of the database (:func:`tracker.db.private_copy`, one consistent
snapshot), and the catalog rows it changed are found by comparing the copy's catalog tables
before and after. Then one short ``BEGIN IMMEDIATE`` transaction on the real database

1. checks that its catalog tables still hold exactly what was copied,
2. writes the changed rows, one statement per table and kind (deletes, updates, inserts),
3. lets the caller add its own rows (``tracker sync``: the change log, the fetch state),

and commits: nothing is half-written, and the lock is held for the check and the writes only.

A catalog changed meanwhile (another import, a sync) makes the copy stale: the import is
built once more on a fresh copy, and a second change ends it with nothing stored. Writes
to other tables (notes, plans) change no catalog row and cost the import nothing.

Row ids: a new row keeps the id it got in the copy, free in the real table too because the
catalog there is unchanged. A row the import deleted is deleted here as well even when the
copy handed its id to a new row (SQLite reuses the largest id), so that what hangs on the old
row (a talk of a replaced estimate) goes with it by the same foreign-key actions.

Other databases (PostgreSQL) do not lock a table for a writer: there the import is built
directly in its one write transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, event, inspect
from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.models import catalog as catalog_models
from tracker.models.orm import Base

T = TypeVar("T")
Row = tuple[Any, ...]
Rows = dict[str, dict[Row, Row]]  # table -> primary key -> the whole row, as SQLite stores it


def catalog_tables() -> list[Table]:
    """Every table of the catalog's models, parents before children."""
    mine = {m.local_table for m in Base.registry.mappers if m.class_.__module__ == catalog_models.__name__}
    return [table for table in Base.metadata.sorted_tables if table in mine]


def read_rows(conn: Connection, tables: list[Table]) -> Rows:
    """The stored rows of ``tables`` by primary key (raw values: they are written back as read)."""
    quote = conn.dialect.identifier_preparer.quote
    out: Rows = {}
    for table in tables:
        names = [c.name for c in table.columns]
        key_at = [names.index(c.name) for c in table.primary_key]
        rows = conn.exec_driver_sql(f"SELECT {', '.join(map(quote, names))} FROM {quote(table.name)}")
        out[table.name] = {tuple(row[i] for i in key_at): tuple(row) for row in rows}
    return out


@dataclass
class RowChanges:
    """What to write to make one set of tables equal to another, by table."""

    deletes: dict[str, list[Row]] = field(default_factory=dict)  # primary keys
    updates: dict[str, list[Row]] = field(default_factory=dict)  # whole rows
    inserts: dict[str, list[Row]] = field(default_factory=dict)  # whole rows

    def __len__(self) -> int:
        return sum(len(rows) for part in (self.deletes, self.updates, self.inserts) for rows in part.values())


def compare(before: Rows, after: Rows, deleted: set[tuple[str, Row]]) -> RowChanges:
    """The changes from ``before`` to ``after``; ``deleted``: (table, key) of every row deleted between."""
    out = RowChanges()
    for name, old in before.items():
        new = after[name]
        gone = {key for table, key in deleted if table == name}
        out.deletes[name] = [key for key in old if key not in new or key in gone]
        out.inserts[name] = [row for key, row in new.items() if key not in old or key in gone]
        out.updates[name] = [
            row for key, row in new.items() if key in old and key not in gone and old[key] != row
        ]
    return out


def write(conn: Connection, tables: list[Table], changes: RowChanges) -> None:
    """Apply ``changes`` in the caller's transaction: deletes, then updates, then inserts.

    Foreign keys are checked at commit (``defer_foreign_keys``), so an updated row may point
    at a row inserted after it, and a key freed by a delete or an update can be taken by an
    insert (an estimate replaced by the real edition of its year).
    """
    quote = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table in reversed(tables):
        keys = [quote(c.name) for c in table.primary_key]
        if changes.deletes.get(table.name):
            where = " AND ".join(f"{k} = ?" for k in keys)
            conn.exec_driver_sql(
                f"DELETE FROM {quote(table.name)} WHERE {where}", changes.deletes[table.name]
            )
    for table in tables:
        names = [c.name for c in table.columns]
        key_names = {c.name for c in table.primary_key}
        rows = changes.updates.get(table.name)
        if rows:
            others = [n for n in names if n not in key_names]
            key_list = [n for n in names if n in key_names]
            sets = ", ".join(f"{quote(n)} = ?" for n in others)
            where = " AND ".join(f"{quote(n)} = ?" for n in key_list)
            at = [names.index(n) for n in (*others, *key_list)]
            conn.exec_driver_sql(
                f"UPDATE {quote(table.name)} SET {sets} WHERE {where}",
                [tuple(row[i] for i in at) for row in rows],
            )
        rows = changes.inserts.get(table.name)
        if rows:
            columns = ", ".join(map(quote, names))
            marks = ", ".join("?" for _ in names)
            conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", rows)


def _watch_deletes(session: Session, tables: list[Table]) -> set[tuple[str, Row]]:
    """(table, key) of every catalog row the session's flushes delete (cascades and orphans too)."""
    names = {table.name for table in tables}
    deleted: set[tuple[str, Row]] = set()

    @event.listens_for(session, "persistent_to_deleted")
    def _deleted(_session: Session, instance: object) -> None:
        state = inspect(instance)
        table = state.mapper.local_table
        if isinstance(table, Table) and table.name in names and state.identity is not None:
            deleted.add((table.name, tuple(state.identity)))

    return deleted


class CatalogMoved(TrackerError):
    """The catalog changed twice while an import was being built; nothing was stored."""


def build_then_write(
    url: str | None,
    build: Callable[[Session], T],
    *,
    keep: Callable[[T], bool],
    then: Callable[[Session, T], None] | None = None,
) -> T:
    """Run ``build(session)`` on a private copy; if ``keep(result)``, write what it changed.

    ``then(session, result)`` runs in the real database's write transaction after the
    catalog rows were written (and not at all when nothing is kept). ``build`` may run twice
    (see the module's docstring), so it must not change anything outside its session.
    """
    from tracker import db

    if db.get_engine(url).dialect.name != "sqlite":
        with db.session(url, write=True) as session:
            result = build(session)
            if not keep(result):
                session.rollback()
                return result
            if then is not None:
                then(session, result)
        return result
    tables = catalog_tables()
    for _attempt in range(2):
        with db.private_copy(url) as copy:
            deleted = _watch_deletes(copy, tables)
            before = read_rows(copy.connection(), tables)
            result = build(copy)
            copy.flush()
            if not keep(result):
                return result
            changes = compare(before, read_rows(copy.connection(), tables), deleted)
        if not changes and then is None:
            return result  # the database already holds what was built: no lock needed
        with db.session(url, write=True) as session:
            conn = session.connection()
            if read_rows(conn, tables) == before:
                write(conn, tables, changes)
                if then is not None:
                    then(session, result)
                return result
            session.rollback()  # the catalog moved since it was copied: build again
    raise CatalogMoved(
        "the catalog changed twice while this import was being prepared (another import or sync?); "
        "nothing stored: run it again"
    )
