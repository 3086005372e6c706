"""Every test runs isolated: its own database file, a pinned clock and a fake HOME.

Nothing here can reach the user's real data directory: HOME and the XDG
directories point into ``tmp_path`` and ``TRACKER_DB`` names a file there.

A test's database starts as a copy of a template made once per run by the real
migrations and the real seed (0.01 s to copy instead of about 0.4 s to create):
``seeded`` (the bundled catalog, the default), or ``empty`` (migrated, no catalog) in
folders whose tests bring their own catalog -- they override :func:`database_template`.
A test marked ``first_run`` gets no file at all and sees what a new user sees.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, never speed: on a loaded machine (CI's, or two cores shared by
# several runs) Hypothesis's "data generation is slow" check and per-example deadline would fail
# a test whose every example holds. Speed is measured in bench/.
settings.register_profile("tracker", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tracker")

# A fixed "now" for every test: the catalog ages, the tests must not.
FIXED_NOW = "2026-03-01T12:00:00Z"


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The template databases, each created by the real migrations (and seed) at the pinned now."""
    from tracker import db

    folder = tmp_path_factory.mktemp("templates")
    templates: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_NOW", FIXED_NOW)
        for name, seeders in (("seeded", db.SEEDERS), ("empty", ())):
            path = folder / f"{name}.db"
            patch.setattr(db, "SEEDERS", seeders)
            db.get_engine(f"sqlite:///{path}")
            db.dispose_all()
            with sqlite3.connect(path) as conn:  # everything into the main file: it is copied alone
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            templates[name] = path
    return templates


@pytest.fixture
def database_template() -> str:
    """Which template the test's database starts as; a folder's conftest may override it."""
    return "seeded"


@pytest.fixture(autouse=True)
def isolated(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    database_templates: dict[str, Path],
    database_template: str,
) -> Iterator[Path]:
    from tracker import db

    if request.node.get_closest_marker("first_run") is None:
        shutil.copy2(database_templates[database_template], tmp_path / "tracker.db")  # keeps 0600
    if database_template == "empty":
        monkeypatch.setattr(db, "SEEDERS", ())  # any other database the test makes starts empty too
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("TRACKER_NOW", FIXED_NOW)
    # The suite reads English whatever the machine's locale (LANG=zh_CN would choose Chinese).
    monkeypatch.setenv("TRACKER_LANG", "en")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    from tracker import config

    # No test may start a real editor (vi on a CI machine would wait forever).
    monkeypatch.setattr(config, "FALLBACK_EDITORS", ())
    if request.node.get_closest_marker("builtin_sources") is None:
        # The built-in sources live on the internet: a test syncs only what it adds itself,
        # unless it is marked builtin_sources (and points them at 127.0.0.1).
        from dataclasses import replace

        from tracker.ingest import builtin

        shipped = builtin.builtins()
        monkeypatch.setattr(builtin, "builtins", lambda: replace(shipped, sources=()))
    monkeypatch.setenv("COLUMNS", "200")
    # Sync honours proxy settings; the tests' servers on 127.0.0.1 must never go through one.
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    db.dispose_all()
    yield tmp_path
    db.dispose_all()


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli(Protocol):
    """The ``cli`` fixture: ``cli("conf", "show", "neurips2026")``."""

    def __call__(self, *args: str) -> Result: ...


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``tracker ARGS…`` in-process; returns exit code, stdout and stderr."""
    from tracker.cli.app import run

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def imported_by_run(argv: list[str], watched: Sequence[str]) -> list[str]:
    """The modules of ``watched`` that a fresh interpreter has imported after ``tracker ARGV``.

    What a command imports is what it costs to start: a module loaded once by another test of
    this process would hide it, so the command runs in a process of its own (it must exit 0).
    """
    code = (
        "import json, sys\n"
        "from tracker.cli.app import run\n"
        f"assert run({argv!r}) == 0\n"
        f"print(json.dumps([m for m in {list(watched)!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


@pytest.fixture
def db_url(isolated: Path) -> str:
    return "sqlite:///" + str(isolated / "tracker.db")


@pytest.fixture
def session(db_url: str):
    """A write session on a freshly migrated (and seeded) test database."""
    from tracker import db

    with db.session(db_url, write=True) as s:
        yield s


def pytest_configure(config: pytest.Config) -> None:
    # Belt and braces: even a test that forgets the fixture never sees the real clock.
    os.environ.setdefault("TRACKER_NOW", FIXED_NOW)
    # Nor the real cache: what runs outside a test's fixture (the session's template databases,
    # collection) writes its YAML memos (tracker/yaml_memo.py) to a folder of this run's.
    _RUN_CACHE.append(tempfile.mkdtemp(prefix="tracker-tests-cache-"))
    os.environ["XDG_CACHE_HOME"] = _RUN_CACHE[-1]


_RUN_CACHE: list[str] = []


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _RUN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just freed)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/feed"
