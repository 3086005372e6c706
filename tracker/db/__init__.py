"""Engines, sessions, SQLite settings and upgrade-on-open.

The only module that makes engines. Every engine is checked once per process:
its stored schema revision is compared with the head of ``migrations/`` by reading
the migration files' headers, so an up-to-date database never imports alembic.
An empty database is migrated and then seeded with the bundled catalog.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import cjk, config
from tracker.db.errors import as_tracker_error
from tracker.db.files import prepare_file, sqlite_path
from tracker.db.revisions import current_revision, known_revisions, migration_heads, schema_script
from tracker.errors import DatabaseError
from tracker.i18n import N_, Message

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 15_000
# How long a process waits for another one that is creating, migrating and seeding the same
# file: that takes seconds, and on a loaded machine more than BUSY_TIMEOUT_MS (measured: 49 s at
# a load of 10 on 2 cores). Waiting is right there: the other process is doing this one's work.
MIGRATION_WAIT_MS = 180_000
# Called, in order, with the connection, after a database has been created from empty
# (module:function).
SEEDERS: tuple[str, ...] = ("tracker.catalog.seed:seed_new",)

_engines: dict[str, Engine] = {}
# Told (by the CLI) what slow set-up is happening, so that a first run does not look hung.
_notify: Callable[[str], None] | None = None


# --- engines --------------------------------------------------------------------------


def _install_sqlite_settings(engine: Engine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit
        # transactions would otherwise start too late and too weakly).
        dbapi_conn.isolation_level = None
        # The notes' full-text index calls it on every write (see tracker/cjk.py).
        cjk.register(dbapi_conn)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A transaction that reads and later writes fails at once in WAL mode when
        # another writer committed in between; taking the write lock up front makes
        # writers queue on the busy timeout instead.
        if conn.get_execution_options().get("tracker_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def get_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """The engine for ``url`` (default: :func:`tracker.config.database_url`), ready to use."""
    resolved = config.database_url(url)
    engine = _engines.get(resolved)
    if engine is not None:
        return engine
    from sqlalchemy import create_engine

    path = sqlite_path(resolved)
    if path is not None:
        prepare_file(path, _notify)
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        engine = create_engine(resolved)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        # A URL for a database whose driver is not installed, or no URL at all.
        raise DatabaseError(
            Message(N_("cannot use database {resolved}: {exc}"), resolved=repr(resolved), exc=exc)
        ) from exc
    if engine.dialect.name == "sqlite":
        _install_sqlite_settings(engine)
    try:
        if migrate:
            ensure_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    _engines[resolved] = engine
    return engine


def set_notifier(notify: Callable[[str], None] | None) -> None:
    """Have ``notify(message)`` called before slow set-up (creating, migrating, seeding)."""
    global _notify
    _notify = notify


def dispose_all() -> None:
    """Close every engine of this process (tests switch databases between cases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def engine_file(engine: Engine) -> Path | None:
    """The SQLite file of an engine (``str(engine.url)`` would percent-encode ``[`` and spaces)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    return Path(engine.url.database)


def describe(engine: Engine) -> str:
    path = engine_file(engine)
    return str(path) if path else engine.url.render_as_string(hide_password=True)


def ensure_schema(engine: Engine) -> None:
    """Upgrade the schema to head if it is behind; seed a database created from empty."""
    from sqlalchemy.exc import DatabaseError as SADatabaseError
    from sqlalchemy.exc import OperationalError

    heads = migration_heads()
    try:
        with engine.connect() as conn:
            stored = current_revision(conn)
            if stored is None:
                from sqlalchemy import inspect

                foreign = [
                    t
                    for t in inspect(conn).get_table_names()
                    if not t.startswith("sqlite_") and t != "alembic_version"
                ]
            else:
                foreign = []
    except OperationalError as exc:  # no server, no permission, a directory...
        reason = " ".join(str(exc.orig).split())
        raise DatabaseError(
            Message(
                N_("cannot open the database {describe}: {reason}"), describe=describe(engine), reason=reason
            )
        ) from exc
    except SADatabaseError as exc:
        raise DatabaseError(
            Message(
                N_("{describe} is not a tracker database ({orig})"), describe=describe(engine), orig=exc.orig
            )
        ) from exc
    if stored is not None and stored in heads:
        return
    if foreign:
        raise DatabaseError(
            Message(
                N_("{describe} is not a tracker database: it holds tables ({value}) but no tracker schema"),
                describe=describe(engine),
                value=", ".join(sorted(foreign)[:3]),
            )
        )
    if stored is not None and stored not in known_revisions():
        raise DatabaseError(
            Message(
                N_(
                    "{describe} has schema revision {stored}, unknown to this tracker"
                    " (made by a newer version?)"
                ),
                describe=describe(engine),
                stored=stored,
            )
        )
    if _notify is not None:
        if stored is None:
            where = describe(engine)
            _notify(f"Creating the database {where} with the bundled catalog (no network needed)…")
        else:
            _notify(f"Upgrading the database {describe(engine)} from schema {stored}…")
    upgrade(engine, seed=True)


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction for a migration, with SQLite's foreign keys off.

    Batch migrations copy and drop tables; with foreign keys on, dropping a parent would
    cascade into its children. The pragma is a no-op inside a transaction, so it is
    switched before the migration's transaction begins and restored after it ends.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            _set_foreign_keys(conn, on=False)
            _raw(conn).execute(f"PRAGMA busy_timeout = {MIGRATION_WAIT_MS}")
        try:
            write = conn.execution_options(tracker_write=True)
            with write.begin():
                yield write
                if sqlite:
                    broken = write.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            Message(N_("migration left broken foreign keys: {value}"), value=broken[:3])
                        )
        finally:
            if sqlite:
                _set_foreign_keys(conn, on=True)
                _raw(conn).execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _alembic_config(conn: Connection) -> Any:
    """An Alembic config that runs the migrations on ``conn`` (see migrations/env.py)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(config.migrations_dir()))
    cfg.attributes["connection"] = conn
    return cfg


def _raw(conn: Connection) -> Any:
    """The DBAPI connection under ``conn``: a pragma sent there starts no transaction."""
    raw = conn.connection.dbapi_connection
    assert raw is not None  # a connection checked out of the pool
    return raw


def _set_foreign_keys(conn: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys on or off for this connection, and check that it took.

    SQLite silently ignores the pragma inside a transaction, and a SQLAlchemy connection
    begins one on its first statement (our "begin" listener sends BEGIN). So the pragma
    goes to the DBAPI connection directly, outside any transaction, and is read back:
    a migration that copies a parent table with foreign keys still on would cascade its
    DROP TABLE into every child row (0006 deleted every note tag that way).
    """
    if conn.in_transaction():
        conn.commit()
    raw = _raw(conn)
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    state = raw.execute("PRAGMA foreign_keys").fetchone()
    if state is None or bool(state[0]) != on:
        raise DatabaseError(
            Message(
                N_("could not switch SQLite's foreign keys {value} for a migration"),
                value="on" if on else "off",
            )
        )


def upgrade(engine: Engine, revision: str = "head", *, seed: bool = False) -> bool:
    """Run the migrations up to ``revision``; True when the database started empty.

    A new SQLite file brought to the head is created from :func:`schema_script` instead, in
    one go (tests/catalog_import/test_first_run.py checks that both make the same schema).
    With ``seed``, a database that started empty is also filled by the :data:`SEEDERS`
    in the same transaction: another process that waited for the lock never sees a
    migrated but still empty catalog.
    """
    with _migration_transaction(engine) as conn:
        # Re-read under the write lock: another process may have migrated meanwhile.
        stored = current_revision(conn)
        if revision == "head" and stored in migration_heads():
            return False
        new_file = revision == "head" and stored is None and conn.dialect.name == "sqlite" and _is_empty(conn)
        script = schema_script() if new_file else None
        if script is not None:
            for statement in script:
                conn.exec_driver_sql(statement)
        else:
            from alembic import command

            command.upgrade(_alembic_config(conn), revision)
        if seed and stored is None:
            _seed(conn)
    return stored is None


def _is_empty(conn: Connection) -> bool:
    # Not only no revision: a database downgraded to base keeps an empty alembic_version.
    return not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with _migration_transaction(engine) as conn:
        command.downgrade(_alembic_config(conn), revision)


def _seed(conn: Connection) -> None:
    """Run the seeders inside the caller's (migration) transaction.

    A seeder takes the connection (and makes a session on it if it wants the ORM: a first
    run from the seed's snapshot does not, and importing the ORM would be a fifth of it).
    """
    import importlib

    for target in SEEDERS:
        module_name, _, func_name = target.partition(":")
        getattr(importlib.import_module(module_name), func_name)(conn)


# --- sessions -------------------------------------------------------------------------


@contextmanager
def session(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """A session on the database; ``write=True`` begins immediately and commits at the end.

    A read session is rolled back at the end, so a read command can never write by
    accident. Any exception rolls back: nothing is half-written.
    """
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    engine = get_engine(url)
    with Session(engine, expire_on_commit=False) as s:
        try:
            if write:
                s.connection(execution_options={"tracker_write": True})
            yield s
            if write:
                s.commit()
            else:
                s.rollback()
        except OperationalError as exc:
            _rollback_quietly(s)
            mapped = as_tracker_error(exc, describe(engine))
            assert mapped is not None
            raise mapped from exc
        except BaseException:
            _rollback_quietly(s)
            raise


@contextmanager
def read_connection(url: str | None = None) -> Iterator[Connection]:
    """A connection for Core reads (the catalog's listings), rolled back at the end.

    What :func:`session` is to the ORM, without importing it: ``conf list`` reads plain
    columns, and ``sqlalchemy.orm`` alone costs a quarter of the stack's import floor.
    """
    from sqlalchemy.exc import OperationalError

    engine = get_engine(url)
    with engine.connect() as conn:  # closing it rolls back what the reads began
        try:
            yield conn
        except OperationalError as exc:
            mapped = as_tracker_error(exc, describe(engine))
            assert mapped is not None
            raise mapped from exc


@contextmanager
def private_copy(url: str | None = None) -> Iterator[Session]:
    """A session on a private in-memory copy of the SQLite database, one consistent snapshot.

    For work that is slow to build but must hold the write lock only briefly: ``tracker
    import`` builds its changes here and writes back only the rows that differ. Nothing done
    in this session reaches the database; the copy is dropped at the end. SQLite only.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import StaticPool

    engine = get_engine(url)
    if engine.dialect.name != "sqlite":
        raise DatabaseError(
            Message(N_("{describe} is not SQLite: no private copy"), describe=describe(engine))
        )
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    with engine.connect() as conn:
        source = conn.connection.dbapi_connection
        assert source is not None  # a connection checked out of the pool
        source.backup(memory)  # under one read transaction: a consistent snapshot
    copy = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    _install_sqlite_settings(copy)
    try:
        with Session(copy, expire_on_commit=False) as s:
            yield s
    finally:
        copy.dispose()
        memory.close()


def _rollback_quietly(s: Session) -> None:
    # After a failed write (a full disk, a lost lock) the rollback can fail too; the
    # first error is the one worth reporting.
    from sqlalchemy.exc import OperationalError

    with suppress(OperationalError):
        s.rollback()
