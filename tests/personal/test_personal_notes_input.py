"""The text of a note is UTF-8 from every door (argument, stdin, editor), and what a person typed
is never deleted: text that cannot be used is kept in a private file the error names."""

from __future__ import annotations

import io
import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, Result

LATIN1 = "Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9".encode("latin-1")


def _one_line(result: Result) -> str:
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1 and result.err.startswith("tracker: error: "), result.err
    return result.err


def _notes(cli: Cli) -> list[dict]:
    result = cli("notes", "list", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.fixture
def latin1_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An $EDITOR that saves the note in Latin-1; returns the log of the paths it was given."""
    script = tmp_path / "latin1_editor.py"
    log = tmp_path / "calls.log"
    script.write_text(
        "import sys\n"
        f"open({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n"
        f"open(sys.argv[-1], 'wb').write({LATIN1!r})\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script)]))
    return log


def test_an_editor_that_saves_latin1_keeps_the_text_and_says_where(
    cli: Cli, editions, terminal_stdin, latin1_editor: Path, isolated: Path
) -> None:
    result = cli("log-notes", "lmconf2026")
    line = _one_line(result)
    assert result.code == 2
    assert "the text you saved is not valid UTF-8 (byte 0xe9 at offset 3)" in line
    (kept,) = (isolated / "home" / ".local" / "share" / "tracker" / "unsaved").iterdir()
    assert f"it is kept in {kept}" in line
    assert kept.read_bytes() == LATIN1  # every byte, as the editor saved them
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert _notes(cli) == []
    edited = Path(latin1_editor.read_text().splitlines()[0])
    assert not edited.exists()  # the temporary file goes; the text does not


def test_an_editor_that_saves_latin1_over_an_edit_keeps_it_too(
    cli: Cli, editions, terminal_stdin, latin1_editor: Path, isolated: Path
) -> None:
    assert cli("log-notes", "lmconf2026", "--text", "the old text").code == 0
    result = cli("notes", "edit", "1")
    assert result.code == 2 and "not valid UTF-8" in _one_line(result)
    (kept,) = (isolated / "home" / ".local" / "share" / "tracker" / "unsaved").iterdir()
    assert kept.read_bytes() == LATIN1
    assert _notes(cli)[0]["body"] == "the old text"


def test_standard_input_that_is_not_utf8_is_refused_in_one_line(cli: Cli, editions, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LATIN1), encoding="utf-8"))
    result = cli("log-notes", "lmconf2026")
    assert result.code == 2
    assert "standard input is not valid UTF-8 (byte 0xe9 at offset 3)" in _one_line(result)
    assert _notes(cli) == []


def test_standard_input_is_read_as_utf8_whatever_the_locale(cli: Cli, editions, monkeypatch) -> None:
    # Python would decode a C-locale stdin as ASCII; tracker reads the bytes as UTF-8.
    text = "Café crème, naïve résumé — 学习"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="ascii"))
    assert cli("log-notes", "lmconf2026").code == 0
    assert _notes(cli)[0]["body"] == text


def test_an_argument_that_is_not_utf8_is_refused_before_anything_runs() -> None:
    # A real process: the bytes caf\xe9 on its command line reach Python as 'caf\udce9'.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for argv in ([b"conf", b"show", b"caf\xe9"], [b"log-notes", b"neurips2026", b"--text", b"caf\xe9"]):
        done = subprocess.run(
            [sys.executable.encode(), b"-m", b"tracker", *argv], env=env, capture_output=True, timeout=60
        )
        err = done.stderr.decode()
        assert done.returncode == 2, err
        expected = "argument 'caf\\xe9' is not valid UTF-8 (byte 0xe9 at offset 3): text must be UTF-8"
        assert err == f"tracker: error: {expected}\n"


def test_a_talk_is_checked_before_the_editor_opens(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    log = fake_editor("a note about a talk that is not there")
    result = cli("log-notes", "lmconf2026", "--talk", "987654")
    assert result.code == 2 and "no talk with id 987654" in _one_line(result)
    assert not log.exists()  # nobody typed a note only to lose it


def test_talk_and_no_talk_together_are_refused(cli: Cli, editions) -> None:
    assert cli("log-notes", "lmconf2026", "--talk", "42", "--text", "about scaling").code == 0
    result = cli("notes", "edit", "1", "--talk", "17", "--no-talk")
    assert result.code == 2 and "--talk and --no-talk contradict each other" in _one_line(result)
    assert _notes(cli)[0]["talk_id"] == 42
