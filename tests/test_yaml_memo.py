"""The YAML memo (tracker/yaml_memo.py): the same value as parsing, and never a failure."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.conftest import imported_by_run
from tracker import yaml_memo

TEXT = b"""
name: fees
as_of: 2026-01-15
at: 2026-01-15 10:30:00+02:00
amounts: {regular: 850.5, student: 400}
series: [acl, naacl]
none: ~
flags: !!set {a, b}
"""


def test_the_memo_gives_what_parsing_gives_dates_included(tmp_path: Path) -> None:
    parsed = yaml_memo.parse(TEXT)
    assert parsed["as_of"] == date(2026, 1, 15)
    assert parsed["at"] == datetime(2026, 1, 15, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert yaml_memo.loads(TEXT) == parsed  # parsed and stored
    memo = yaml_memo.memo_path(TEXT)
    assert memo.is_file() and memo.parent == tmp_path / "home" / ".cache" / "tracker" / "yaml"
    assert memo.stat().st_mode & 0o777 == 0o600
    assert yaml_memo.loads(TEXT) == parsed  # read back
    assert not list(memo.parent.glob("*.tmp"))


def test_a_memo_is_read_without_pyyaml(tmp_path: Path) -> None:
    source = tmp_path / "x.yml"
    source.write_bytes(TEXT)
    yaml_memo.load(source)
    code = (
        "import sys\n"
        "from tracker import yaml_memo\n"
        "from pathlib import Path\n"
        f"yaml_memo.load(Path({str(source)!r}))\n"
        "print('yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_corrupt_or_untrusted_memo_is_parsed_again() -> None:
    memo = yaml_memo.memo_path(TEXT)
    parsed = yaml_memo.parse(TEXT)
    for junk in (b"", b"\x00garbage", b"\xe9\x01\x00\x00\x00", marshal.dumps([1])):
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_bytes(junk)
        assert yaml_memo.loads(TEXT) == parsed
    memo.write_bytes(marshal.dumps(({"planted": True},)))
    memo.chmod(0o666)  # writable by others: not believed
    assert yaml_memo.loads(TEXT) == parsed


def test_a_changed_file_is_a_new_memo(tmp_path: Path) -> None:
    source = tmp_path / "x.yml"
    source.write_bytes(b"a: 1\n")
    assert yaml_memo.load(source) == {"a": 1}
    source.write_bytes(b"a: 2\n")
    assert yaml_memo.load(source) == {"a": 2}


def test_an_unwritable_cache_or_the_switch_leaves_plain_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert yaml_memo.loads(TEXT) == yaml_memo.parse(TEXT)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", "relative-home")
    monkeypatch.chdir(tmp_path)
    assert yaml_memo.loads(TEXT) == yaml_memo.parse(TEXT)
    assert not (tmp_path / "relative").exists() and not (tmp_path / "relative-home").exists()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(yaml_memo.DISABLE_ENV_VAR, "1")
    assert yaml_memo.loads(TEXT) == yaml_memo.parse(TEXT)
    assert not (tmp_path / "cache").exists()


def test_recommend_run_again_imports_no_yaml(db_url: str) -> None:
    """Nor what else its start-up once paid for: numpy.ma (np.unique), the quality scales."""
    argv = ["--db", db_url, "recommend", "--home", "Berlin", "--interests", "nlp,machine-learning"]
    watched = ["yaml", "numpy.ma", "tracker.catalog.quality", "platformdirs"]
    assert imported_by_run(argv, watched) == ["yaml"]  # the first run parses and stores the memos
    assert imported_by_run(argv, watched) == []
    assert os.environ["XDG_CACHE_HOME"].startswith(str(Path(db_url[len("sqlite:///") :]).parent))
