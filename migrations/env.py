"""Alembic environment: wired to tracker's metadata; SQLite gets batch mode.

Programmatic use (tracker.db) passes a live connection in ``config.attributes``;
the ``alembic`` command line in a checkout falls back to tracker's own engine
(``--db``/``TRACKER_DB``/default) without migrating it first.
"""

from __future__ import annotations

from alembic import context

from tracker import models

target_metadata = models.metadata()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tracker import db

    engine = db.get_engine(migrate=False)
    with engine.connect() as conn, conn.begin():
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.dialect.name == "sqlite":
        # From 0012 on, the notes' index triggers call tracker_index_text: a migration that
        # touches notes (or rebuilds the index) needs it on whatever connection runs it.
        from tracker import cjk

        cjk.register(connection.connection.dbapi_connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=models.include_in_autogenerate,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
