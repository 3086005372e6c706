"""The console script's entry (tracker/cli/entry.py): recommend's quick exit loses nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import Cli
from tracker.cli.entry import GC_PAUSED
from tracker.cli.root_args import command_name


def console(*args: str) -> subprocess.CompletedProcess[str]:
    """``tracker ARGS`` as the console script runs it (``python -m tracker`` is the same entry)."""
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=os.environ, check=False
    )


def test_the_command_is_found_behind_the_roots_options() -> None:
    assert command_name(["--db", "x.db", "--lang=zh", "recommend", "--home", "Berlin"]) == "recommend"
    assert command_name(["--help"]) is None
    assert command_name([]) is None
    assert "recommend" in GC_PAUSED and "sync" not in GC_PAUSED


def test_recommend_prints_all_of_a_long_output_before_its_quick_exit(cli: Cli) -> None:
    argv = ["recommend", "--home", "Berlin", "--interests", "machine-learning", "--limit", "200", "--json"]
    done = console(*argv)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 200_000  # more than a pipe holds: written out, not lost at os._exit
    assert json.loads(done.stdout) == json.loads(cli(*argv).out)
    table = console(*argv[:-1])
    assert table.returncode == 0 and table.stdout.rstrip().endswith(cli(*argv[:-1]).out.rstrip()[-400:])


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["recommend", "--home", "Berlin", "--interests", "nlpp"], 2),
        (["recommend", "--interests", "nlp"], 1),
    ],
)
def test_recommend_keeps_its_exit_status_and_error(cli: Cli, argv: list[str], code: int) -> None:
    done = console(*argv)
    assert done.returncode == code
    assert done.stderr == cli(*argv).err


def test_a_first_run_by_recommend_leaves_the_catalog_in_the_database_file(tmp_path) -> None:
    # The quick exit skips the teardown that closes SQLite's connections; it closes them itself,
    # so the write-ahead log is checkpointed into tracker.db and removed, as after any command.
    path = tmp_path / "first.db"
    done = console("--db", str(path), "recommend", "--home", "Berlin", "--interests", "nlp")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "first.db-wal").exists()
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as plain:  # the file alone, no log
        assert plain.execute("SELECT count(*) FROM edition").fetchone()[0] > 500
