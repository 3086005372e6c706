"""Engines, sessions, SQLite settings and upgrade-on-open.

The only module that makes engines. Every engine is checked once per process:
its stored schema revision is compared with the head of ``migrations/`` by reading
the migration files' headers, so an up-to-date database never imports alembic.
An empty database is migrated and then seeded with the bundled catalog.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import cjk, config
from tracker.errors import DatabaseError, TrackerError, os_reason
from tracker.i18n import N_, Message

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 15_000
# How long a process waits for another one that is creating, migrating and seeding the same
# file: that takes seconds, and on a loaded machine more than BUSY_TIMEOUT_MS (measured: 49 s at
# a load of 10 on 2 cores). Waiting is right there: the other process is doing this one's work.
MIGRATION_WAIT_MS = 180_000
# Called, in order, after a database has been created from empty (module:function).
SEEDERS: tuple[str, ...] = ("tracker.catalog.seed:seed",)

_engines: dict[str, Engine] = {}
# Told (by the CLI) what slow set-up is happening, so that a first run does not look hung.
_notify: Callable[[str], None] | None = None
_REVISION_RE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


# --- schema revisions, read without alembic ---------------------------------------------


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


# --- engines --------------------------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases and memory."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest.startswith(":memory:"):
        return None
    name, _, query = rest.partition("?")
    if "uri=true" in query.split("&"):  # sqlite:///file:/path/t.db?mode=ro&uri=true
        name = name.removeprefix("file:")
    return Path(name)


def _prepare_file(path: Path) -> None:
    """Create the directory (0700) and an empty file (0600) before SQLite does (0644).

    An existing file that others may read is made 0600 when it is ours (with its WAL
    files); a file that is not a regular file (a device, a FIFO) is refused.
    """
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        elif path.is_dir():
            raise DatabaseError(Message(N_("{path} is a directory, not a database file"), path=path))
        elif not path.is_file():
            raise DatabaseError(
                Message(N_("{path} is not a regular file (a device, FIFO or socket?)"), path=path)
            )
        else:
            _make_private(path)
    except OSError as exc:
        raise DatabaseError(
            Message(
                N_("cannot create the database {shortened}: {value}"),
                shortened=_shortened(path),
                value=exc.strerror or exc,
            )
        ) from exc


def _make_private(path: Path) -> None:
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = file.stat()
        except FileNotFoundError:
            continue
        if not info.st_mode & 0o077:
            continue
        if info.st_uid == os.getuid():
            # Others lose their access; the owner gains none (a read-only file stays so).
            os.chmod(file, stat.S_IMODE(info.st_mode) & 0o700)
        elif _notify is not None:
            _notify(f"warning: {file} can be read by others (mode {stat.filemode(info.st_mode)})")


def _shortened(path: Path) -> str:
    # A 5,000-character name would make the one-line error 5,000 characters wide.
    text = str(path)
    return text if len(text) <= 200 else f"{text[:120]}…{text[-60:]} ({len(text)} characters)"


# --- errors met under a command ---------------------------------------------------------

# SQLite's primary result codes (sqlite3.Error.sqlite_errorname; extended names start with
# these) that a person can do something about, and what to tell them.
_BUSY = "the database {where} is busy: another tracker process is writing to it; try again in a moment"
_SQLITE_ERRORS = {
    "SQLITE_BUSY": _BUSY,
    "SQLITE_LOCKED": _BUSY,
    "SQLITE_READONLY": "cannot write to the database {where}: it is read-only (check the permissions "
    "of the file and its folder)",
    "SQLITE_FULL": "cannot write to the database {where}: the disk is full",
    "SQLITE_IOERR": "cannot use the database {where}: disk I/O error",
    "SQLITE_CANTOPEN": "cannot open the database {where}",
    "SQLITE_PERM": "cannot use the database {where}: permission denied",
}


def as_tracker_error(exc: BaseException, where: str | None = None) -> TrackerError | None:
    """The one-line error (exit 1) for a database that failed under a command, else None.

    Only operational failures -- a lock held too long, a read-only file, a full disk, a
    lost server -- are mapped; a programming error keeps its traceback.
    """
    import sys

    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        orig: BaseException | None = exc.orig
    elif isinstance(exc, sqlite3.OperationalError):
        orig = exc
    else:
        return None
    location = where or _current_location()
    name = str(getattr(orig, "sqlite_errorname", ""))
    for code, message in _SQLITE_ERRORS.items():
        if name.startswith(code):
            return DatabaseError(message.format(where=location))
    reason = " ".join(str(orig).split())
    return DatabaseError(
        Message(N_("cannot use the database {location}: {reason}"), location=location, reason=reason)
    )


def _current_location() -> str:
    url = config.database_url()
    path = sqlite_path(url)
    if path is not None:
        return _shortened(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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
        _prepare_file(path)
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


def _engine_file(engine: Engine) -> Path | None:
    """The SQLite file of an engine (``str(engine.url)`` would percent-encode ``[`` and spaces)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return None
    return Path(engine.url.database)


def _describe(engine: Engine) -> str:
    path = _engine_file(engine)
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
                N_("cannot open the database {describe}: {reason}"), describe=_describe(engine), reason=reason
            )
        ) from exc
    except SADatabaseError as exc:
        raise DatabaseError(
            Message(
                N_("{describe} is not a tracker database ({orig})"), describe=_describe(engine), orig=exc.orig
            )
        ) from exc
    if stored is not None and stored in heads:
        return
    if foreign:
        raise DatabaseError(
            Message(
                N_("{describe} is not a tracker database: it holds tables ({value}) but no tracker schema"),
                describe=_describe(engine),
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
                describe=_describe(engine),
                stored=stored,
            )
        )
    if _notify is not None:
        if stored is None:
            where = _describe(engine)
            _notify(f"Creating the database {where} with the bundled catalog (no network needed)…")
        else:
            _notify(f"Upgrading the database {_describe(engine)} from schema {stored}…")
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


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with _migration_transaction(engine) as conn:
        command.downgrade(_alembic_config(conn), revision)


def _seed(conn: Connection) -> None:
    """Run the seeders inside the caller's (migration) transaction."""
    import importlib

    from sqlalchemy.orm import Session

    for target in SEEDERS:
        module_name, _, func_name = target.partition(":")
        seed = getattr(importlib.import_module(module_name), func_name)
        with Session(bind=conn, expire_on_commit=False) as s:
            seed(s)
            s.flush()


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
            mapped = as_tracker_error(exc, _describe(engine))
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
            mapped = as_tracker_error(exc, _describe(engine))
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
            Message(N_("{describe} is not SQLite: no private copy"), describe=_describe(engine))
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


# --- info and backup ------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    revision: str | None
    head: str
    counts: dict[str, int]
    size_bytes: int | None
    journal_mode: str | None


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


def info(url: str | None = None) -> DatabaseInfo:
    engine = get_engine(url)
    with engine.connect() as conn:
        revision = current_revision(conn)
        # Every count in one plain statement: a compiled select per table cost ~10 ms in all.
        tables = table_names()
        quote = conn.dialect.identifier_preparer.quote
        every = ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables)
        row = conn.exec_driver_sql(f"SELECT {every}").one()
        counts = {table: int(count) for table, count in zip(tables, row, strict=True)}
        journal = size = None
        if engine.dialect.name == "sqlite":
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            # What the database holds, committed pages still in the WAL included: the main
            # file alone can be a few KiB until SQLite checkpoints the log into it.
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = int(pages) * int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
    return DatabaseInfo(
        location=_describe(engine),
        revision=revision,
        head=", ".join(sorted(migration_heads())),
        counts=counts,
        size_bytes=size,
        journal_mode=journal,
    )


def backup(destination: Path, url: str | None = None) -> Path:
    """A consistent copy of the SQLite database at ``destination``, created 0600."""
    engine = get_engine(url)
    source_path = _engine_file(engine)
    if source_path is None:
        raise TrackerError(
            Message(N_("backup works on SQLite databases; use your server's tools for others"))
        )
    destination = destination.expanduser()
    try:
        fd = os.open(destination, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    except FileExistsError:
        raise TrackerError(
            Message(N_("{path} exists; choose a new file name"), path=_shortened(destination))
        ) from None
    except FileNotFoundError:
        raise TrackerError(
            Message(N_("cannot write {path}: no such directory"), path=_shortened(destination))
        ) from None
    except OSError as exc:
        raise TrackerError(
            Message(N_("cannot write {path}: {reason}"), path=_shortened(destination), reason=os_reason(exc))
        ) from exc
    os.close(fd)
    # sqlite3's online backup copies a consistent snapshot even while others write.
    src = sqlite3.connect(source_path)
    dst = sqlite3.connect(destination)
    try:
        with dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        destination.unlink(missing_ok=True)
        raise TrackerError(Message(N_("backup failed: {problem}"), problem=str(exc))) from exc
    finally:
        src.close()
        dst.close()
    os.chmod(destination, stat.S_IRUSR | stat.S_IWUSR)
    return destination
