"""The pages in Chinese: the CLI's catalog, the language chosen as the CLI does or by the browser."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import pytest

from tests.conftest import Cli
from tests.web.conftest import Dom, serving
from tracker import i18n
from tracker.web.app import page_language


@pytest.fixture
def server_zh() -> Iterator[str]:
    """The app as ``tracker --lang zh serve`` makes it: every page in Chinese."""
    from tracker.web.app import create_app

    with serving(create_app(lang="zh")) as url:
        yield url


def test_the_upcoming_page_in_chinese_has_chinese_headings_and_says_its_language(server_zh: str) -> None:
    page = httpx.get(server_zh + "/", params={"within": "90d"}, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    dom = Dom(page.text)
    assert dom.find("html")[0][0]["lang"] == "zh-Hans"
    assert dom.find("h1")[0][1] == "即将到来的截止日期"
    headings = [text for _, text in dom.find("th")]
    assert headings[:3] == ["剩余", "会议", "截止日期"]  # the CLI's own words for its table
    assert "筛选" in [text for _, text in dom.find("button")]
    assert dom.find("td", class_="left")  # the rows are there too
    mine = Dom(httpx.get(server_zh + "/mine").text)
    assert [text for _, text in mine.find("h2")] == ["状态", "计划", "日程", "跟进事项"]


def test_without_a_chosen_language_the_browser_decides(server: str) -> None:
    english = Dom(httpx.get(server + "/").text)
    assert english.find("html")[0][0]["lang"] == "en" and english.find("h1")[0][1] == "Upcoming deadlines"
    chinese = Dom(httpx.get(server + "/", headers={"Accept-Language": "fr;q=1, zh-CN;q=0.9, en;q=0.8"}).text)
    assert (
        chinese.find("html")[0][0]["lang"] == "zh-Hans" and chinese.find("h1")[0][1] == "即将到来的截止日期"
    )


@pytest.mark.parametrize(
    ("accept", "chosen", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "en", "en"),  # --lang en / TRACKER_LANG=en wins over the browser
        ("en-US,en;q=0.9,zh;q=0.8", None, "en"),
        ("de, zh-TW;q=0.5", None, "zh"),
        ("zh;q=0, en;q=0.1", None, "en"),  # q=0: "not this one"
        ("", None, "en"),  # nothing said: the CLI's choice (the locale; English here)
    ],
)
def test_page_language(accept: str, chosen: str | None, expected: str) -> None:
    assert page_language(accept, chosen) == expected


def test_serve_gives_every_page_an_explicit_language_and_else_lets_the_browser_choose(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from tracker.web import app as web_app

    made: list[str | None] = []
    real = web_app.create_app

    def recording(hosts: Sequence[str], lang: str | None = None) -> Any:
        made.append(lang)
        return real(hosts, lang)

    monkeypatch.setattr(web_app, "create_app", recording)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # not listening: only what it serves
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the locale alone leaves it to the browser
    try:
        assert cli("serve").code == 0
        assert cli("--lang", "en", "serve").code == 0
        monkeypatch.setenv("TRACKER_LANG", "zh")
        assert cli("serve").code == 0
    finally:
        i18n.set_language("en")  # the run chose Chinese for the process: the next test speaks English
    assert made == [None, "en", "zh"]


def test_an_estimate_and_deadline_types_are_explained_in_chinese(server_zh: str) -> None:
    # iccv2027 is estimated on the seeded catalog (TRACKER_NOW 2026-03-01); its note is stored in English.
    page = Dom(httpx.get(server_zh + "/conf/iccv2027").text)
    [note] = [text for _, text in page.find("p", class_="note") if "2021" in text]
    assert note.startswith("根据 2021、2023、2025 届估计") and "Estimated from" not in note
    upcoming = httpx.get(server_zh + "/", params={"within": "1y"}).text
    # The filter's options and the table say the types in Chinese; the URL's values stay neutral.
    assert ">camera ready<" not in upcoming and 'value="camera_ready"' in upcoming
    assert ">workshop<" not in upcoming
