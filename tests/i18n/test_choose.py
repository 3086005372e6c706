"""Which language a run speaks: --lang, else TRACKER_LANG, else the locale (POSIX order), else English."""

from __future__ import annotations

import pytest

from tests.conftest import Cli
from tracker import i18n


@pytest.mark.parametrize(
    ("given", "environ", "expected"),
    [
        (None, {}, "en"),
        ("zh", {}, "zh"),
        ("en", {"TRACKER_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"TRACKER_LANG": "zh"}, "zh"),
        (None, {"TRACKER_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),  # LC_ALL first, whatever it says
        (None, {"LC_ALL": "", "LANG": "zh_TW.UTF-8"}, "zh"),  # an empty variable is not set
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_language_of_a_run(given: str | None, environ: dict[str, str], expected: str) -> None:
    assert i18n.choose(given, environ) == expected


def test_an_unknown_language_is_one_line_and_exit_2(cli: Cli) -> None:
    result = cli("--lang", "xx", "conf", "list")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "tracker: error: --lang: unknown language 'xx' (choose from: en, zh)"
    ]
    assert result.out == ""


def test_an_unknown_tracker_lang_is_refused_the_same_way(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANG", "klingon")
    result = cli("conf", "list")
    assert result.code == 2
    assert "TRACKER_LANG: unknown language 'klingon'" in result.err


def test_the_locale_alone_gives_the_chinese_interface(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "会议目录" in cli("--help").out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert "The conference catalog" in cli("--help").out


def test_a_missing_catalog_falls_back_to_english(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "nowhere")
    result = cli("--lang", "zh", "--help")
    assert result.code == 0
    assert "The conference catalog: list, show." in result.out


def test_lang_and_db_after_the_command_work_as_before_it(cli: Cli, tmp_path) -> None:
    # `tracker recommend --lang zh` is how people type it: the same as `tracker --lang zh recommend`.
    after = cli("recommend", "--home", "Berlin", "--limit", "1", "--lang", "zh")
    before = cli("--lang", "zh", "recommend", "--home", "Berlin", "--limit", "1")
    assert after.code == before.code == 0 and after.out == before.out and "为您推荐" in after.out
    assert (
        cli("upcoming", "--lang=zh", "--within", "30d").out
        == cli("--lang", "zh", "upcoming", "--within", "30d").out
    )
    other = tmp_path / "other.db"
    assert cli("db", "info", "--db", str(other)).code == 0 and other.exists()
    # After `--` it is an argument, not the option; without a value it says where it goes.
    assert cli("notes", "search", "--", "--lang").code == 0
    result = cli("recommend", "--lang")
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.endswith("(--lang is the root's: put it first, tracker --lang VALUE COMMAND ...)")
    assert cli("upcoming", "--lang", "xx").code == 2
