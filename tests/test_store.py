"""The store: created on first use, migrated, private, and honest about bad files."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer

from tests.conftest import Cli, imported_by_run


def test_first_use_creates_a_private_migrated_database(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "fresh" / "nested" / "t.db"
    result = cli("--db", str(target), "db", "info", "--json")
    assert result.code == 0, result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    from tracker import db

    assert {revision} == db.migration_heads()


def test_info_reports_what_the_database_holds_not_the_unchecked_main_file(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "t.db"
    reported = json.loads(cli("--db", str(target), "db", "info", "--json").out)["size_bytes"]
    from tracker import db

    db.dispose_all()  # the last connection checkpoints the WAL into the main file
    assert reported == target.stat().st_size > 500 * 1024  # the seeded catalog, not a 4 KiB header


def test_the_first_run_says_what_it_is_doing_and_later_runs_do_not(tmp_path: Path) -> None:
    from tracker import db

    said: list[str] = []
    db.set_notifier(said.append)
    try:
        target = tmp_path / "t.db"
        db.get_engine(f"sqlite:///{target}")
        assert len(said) == 1 and said[0].startswith(f"Creating the database {target}")
        db.dispose_all()  # as a new process would
        db.get_engine(f"sqlite:///{target}")
        assert len(said) == 1
    finally:
        db.set_notifier(None)


def test_sessions_turn_foreign_keys_on_and_begin_immediately(db_url: str) -> None:
    from sqlalchemy import text

    from tracker import db

    with db.session(db_url, write=True) as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
        # A second writer must not get the lock while this write transaction is open.
        other = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path, cli: Cli) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, this is not SQLite\n" * 100)
    result = cli("--db", str(junk), "db", "info")
    assert result.code == 1
    assert "not a tracker database" in result.err and str(junk) in result.err
    assert "Traceback" not in result.err
    assert junk.read_text().startswith("hello")  # untouched


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path, cli: Cli) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    result = cli("--db", str(other), "db", "info")
    assert result.code == 1 and "recipes" in result.err
    with sqlite3.connect(other) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"recipes"}


def test_a_newer_schema_is_refused(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "t.db"
    assert cli("--db", str(path), "db", "info").code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    from tracker import db

    db.dispose_all()  # a new process would open the file afresh
    result = cli("--db", str(path), "db", "info")
    assert result.code == 1 and "9999_from_the_future" in result.err


def test_backup_is_a_consistent_private_copy(tmp_path: Path, cli: Cli) -> None:
    assert cli("db", "info").code == 0
    copy = tmp_path / "backup.db"
    result = cli("db", "backup", str(copy))
    assert result.code == 0, result.err
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    again = cli("db", "backup", str(copy))
    assert again.code == 1 and "exists" in again.err


def test_bad_option_exits_2_with_one_line(cli: Cli) -> None:
    result = cli("db", "info", "--no-such-option")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        "try:\n    run(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'numpy', 'httpx', 'feedparser') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_a_catalog_command_loads_only_the_catalog(db_url: str) -> None:
    """`conf list` builds only its own command and reads the catalog's tables without the ORM."""
    from tracker.cli.app import command

    models = [f"tracker.models.{r}" for r in ("catalog", "personal", "learning", "ingest")]
    rooms = ["pydantic", "sqlalchemy.orm", *models, "tracker.cli.recommend", "tracker.cli.notes", "alembic"]
    assert imported_by_run(["--db", db_url, "conf", "list", "--json"], rooms) == []
    assert sorted(command("conf").commands) == ["conf"]


@pytest.mark.parametrize(
    "argv", [["upcoming"], ["upcoming", "--json"], ["db", "info"], ["db", "info", "--json"]]
)
def test_the_freshness_line_and_deadlines_are_read_without_the_orm(db_url: str, argv: list[str]) -> None:
    """`upcoming` and `db info` read Core tables (and data/sources.yml's date without YAML)."""
    models = [f"tracker.models.{r}" for r in ("catalog", "personal", "learning", "ingest", "profile")]
    rooms = ["sqlalchemy.orm", "yaml", "tracker.recommend.profile", *models]
    assert imported_by_run(["--db", db_url, *argv], rooms) == []


@pytest.mark.parametrize("argv", [["conf", "show", "neurips2026"], ["conf", "show", "neurips", "--json"]])
def test_conf_show_reads_one_series_without_configuring_a_mapper(db_url: str, argv: list[str]) -> None:
    """`conf show` resolves the KEY and reads its series by Core queries (no ORM query at all)."""
    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        f"assert run(['--db', {db_url!r}, *{argv!r}]) == 0\n"
        "from tracker.models.orm import Base\n"
        "print('CONFIGURED=' + ','.join(m.class_.__name__ for m in Base.registry.mappers if m.configured))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "CONFIGURED="


def test_db_info_counts_every_table_the_models_describe_in_their_order(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.db import revisions
    from tracker.models import metadata

    names = [table.name for table in metadata().sorted_tables]
    assert revisions.table_names() == names  # the schema script's list is current
    with monkeypatch.context() as m:  # a script of an older head: the models say
        m.setattr(revisions, "migration_heads", lambda: {"9999"})
        assert revisions.table_names() == names
    counts = json.loads(cli("db", "info", "--json").out)["counts"]
    assert list(counts) == names
    assert counts["series"] > 300


@pytest.mark.parametrize(
    "argv",
    [
        ["conf", "show", "neurips2026"],
        ["upcoming"],
        ["db", "info"],
        ["notes", "search", "model"],
        ["recommend", "--home", "Berlin", "--interests", "nlp"],
    ],
)
def test_a_read_command_imports_only_its_own_noun_module(db_url: str, argv: list[str]) -> None:
    """A database at head is read without alembic, and only the named noun's CLI module is loaded."""
    from tracker.cli.app import NOUN_MODULES

    watched = [*(f"tracker.cli.{m}" for m in NOUN_MODULES), "alembic", "pydantic"]
    assert imported_by_run(["--db", db_url, *argv, "--json"], watched) == ["tracker.cli." + argv[0]]


def test_every_command_is_found_in_its_own_module() -> None:
    """A run naming a command imports only its noun module: each name must map to one."""
    from tracker.cli.app import root_app

    def names(app: typer.Typer) -> list[str | None]:
        return [info.name for info in app.registered_commands] + [info.name for info in app.registered_groups]

    every = names(root_app())
    assert len(every) > 20
    for name in every:
        assert names(root_app(name)) == [name]


def test_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    code = (
        "import sys\n"
        "from tracker import db\n"
        f"db.get_engine('sqlite:///{path}')\n"
        "print('alembic' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # A new file is created from migrations/schema.sql, an up-to-date one only checked:
    # neither needs alembic (an older revision's upgrade does: tests/test_migrations.py).
    assert first.stdout.strip() == "False"
    assert second.stdout.strip() == "False"


def test_processes_starting_together_on_a_new_file_migrate_and_seed_once(tmp_path: Path) -> None:
    target = tmp_path / "shared.db"
    code = (
        "import json, sys\n"
        "from tracker import db\n"
        "from sqlalchemy import text\n"
        f"with db.session('sqlite:///{target}') as s:\n"
        "    print(s.execute(text('SELECT count(*) FROM series')).scalar())\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in outputs]
    counts = {int(out.strip()) for out, _ in outputs}
    assert len(counts) == 1 and counts.pop() > 100  # everyone sees one complete catalog
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1


def test_a_process_waits_for_another_that_is_still_setting_up_the_file(tmp_path: Path) -> None:
    # Creating, migrating and seeding a file takes seconds (49 s measured at a load of 10); a
    # second process must wait for it, not fail after the ordinary writer's busy timeout.
    target = tmp_path / "new.db"
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")  # as the first process does while it sets the file up
    code = (
        "from tracker import db\n"
        "from sqlalchemy import text\n"
        "db.BUSY_TIMEOUT_MS = 200  # an ordinary write gives up after 0.2 s here\n"
        f"with db.session('sqlite:///{target}') as s:\n"
        "    print(s.execute(text('SELECT count(*) FROM series')).scalar())\n"
    )
    run = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(3)  # well past the 0.2 s, and past the child's start-up
    holder.execute("ROLLBACK")
    holder.close()
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert int(out.strip()) > 100  # it waited, then created and seeded the file itself


def test_an_unusable_database_url_is_one_line_not_a_traceback(cli: Cli) -> None:
    unknown = cli("--db", "bogus://somewhere/db", "db", "info")
    assert unknown.code == 1 and "cannot use database 'bogus://somewhere/db'" in unknown.err
    # Nothing listens on port 1 of this machine: the connection is refused at once.
    pytest.importorskip("psycopg2")
    refused = cli("--db", "postgresql+psycopg2://nobody@127.0.0.1:1/tracker", "db", "info")
    assert refused.code == 1 and len(refused.err.strip().splitlines()) == 1
    assert "cannot open the database" in refused.err and "refused" in refused.err
    assert "Traceback" not in unknown.err + refused.err
