"""Fixtures of the personal room: two made-up editions created through the ORM.

The names are invented (LMConf, VizConf) so that the tests do not depend on what the
bundled catalog holds; they are created only when missing.
"""

from __future__ import annotations

import io
import shlex
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

# Talks of each edition's programme (fixed ids, so that tests can name them).
TALKS = {
    "lmconf": ((7, "Keynote: where language models go next"), (17, "Sparse attention"), (42, "Scaling laws")),
    "vizconf": ((99, "Diffusion for video"),),
}

EDITIONS = (
    # series key, acronym, name, year, start, end
    ("lmconf", "LMConf", "Language Model Conference", 2026, date(2026, 3, 20), date(2026, 3, 22)),
    ("vizconf", "VizConf", "Visual Learning Conference", 2026, date(2026, 7, 10), date(2026, 7, 14)),
)


def create_editions(url: str) -> list[str]:
    from sqlalchemy import select

    from tracker import db
    from tracker.models.catalog import Deadline, Edition, Series
    from tracker.models.learning import Talk

    keys = []
    with db.session(url, write=True) as s:
        for series_key, acronym, name, year, start, end in EDITIONS:
            key = f"{series_key}{year}"
            keys.append(key)
            if s.scalar(select(Edition).where(Edition.key == key)) is not None:
                continue
            series = s.scalar(select(Series).where(Series.key == series_key))
            if series is None:
                series = Series(key=series_key, acronym=acronym, name=name)
                s.add(series)
            edition = Edition(
                series=series,
                year=year,
                key=key,
                start_date=start,
                end_date=end,
                city="Lisbon",
                country="PT",
            )
            if series_key == "lmconf":
                edition.deadlines.append(
                    Deadline(
                        type="registration",
                        at_utc=datetime(2026, 3, 10, 11, 59, tzinfo=UTC),
                        local_text="2026-03-09 23:59",
                        timezone="AoE",
                    )
                )
            s.add(edition)
            for talk_id, title in TALKS[series_key]:
                s.add(Talk(id=talk_id, edition=edition, title=title, title_key=title.lower()))
    return keys


@pytest.fixture
def editions(db_url: str) -> list[str]:
    """Keys of the test editions (``lmconf2026``, ``vizconf2026``) in the test database."""
    return create_editions(db_url)


class FakeTerminal(io.StringIO):
    """Standard input that claims to be a terminal (so the editor is used)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))


@pytest.fixture
def piped_stdin(monkeypatch: pytest.MonkeyPatch):
    """Call with a text: standard input becomes a pipe holding that text."""

    def pipe(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return pipe


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a fake $EDITOR (a Python script in a folder with a space in its name).

    Called with the text to append and optionally an exit status; the script appends
    the text to the file it is given, or replaces the file when ``replace`` is set.
    Returns the log file in which the script records the path it was given.
    """

    def install(text: str, *, status: int = 0, replace: bool = False, variable: str = "EDITOR") -> Path:
        folder = tmp_path / "my editor"
        folder.mkdir(exist_ok=True)
        script = folder / "fake_editor.py"
        log = folder / "calls.log"
        script.write_text(
            "import sys\n"
            "path, mode, status, text = sys.argv[-1], sys.argv[1], int(sys.argv[2]), sys.argv[3]\n"
            f"open({str(log)!r}, 'a').write(path + '\\n')\n"
            "with open(path, 'a' if mode == 'append' else 'w', encoding='utf-8') as f:\n"
            "    f.write(text)\n"
            "sys.exit(status)\n",
            encoding="utf-8",
        )
        mode = "replace" if replace else "append"
        command = shlex.join([sys.executable, str(script), mode, str(status), text])
        monkeypatch.setenv(variable, command)
        return log

    return install


def old_database(tmp_path: Path, revision: str) -> tuple[str, Engine]:
    """A database file at an older ``revision`` holding one series and its edition (oldconf2026)."""
    from sqlalchemy import text

    from tracker import db

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db.get_engine(url, migrate=False)
    db.upgrade(engine, revision)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO series (id, key, acronym, name, kind, source) "
                "VALUES (1, 'oldconf', 'OldConf', '', 'conference', 'manual')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO edition (id, series_id, year, key, kind, title, mode, estimated, source) "
                "VALUES (1, 1, 2026, 'oldconf2026', 'conference', '', 'in-person', 0, 'manual')"
            )
        )
    return url, engine
