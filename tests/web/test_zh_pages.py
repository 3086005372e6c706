"""The Conference and Recommend pages and the countdown in Chinese, as a browser shows them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.web.conftest import Dom, dump_dom, serving


@pytest.fixture
def server_zh() -> Iterator[str]:
    """The app as ``tracker --lang zh serve`` makes it."""
    from tracker.web.app import create_app

    with serving(create_app(lang="zh")) as url:
        yield url


def test_the_conference_page_in_chinese(server_zh: str, chromium: str, tmp_path: Path) -> None:
    dom = Dom(dump_dom(chromium, server_zh + "/conf/acl2026", tmp_path, tz="Asia/Shanghai"))
    headings = [text for _, text in dom.find("h2")]
    assert headings[:2] == ["质量", "届次"]
    assert headings[-2:] == ["各来源对 acl2026 的记载", "变更历史"]
    # The zone heading, rewritten by the page's script in the viewer's zone, keeps the page's words.
    assert {text for _, text in dom.find("th", class_="your-time")} == {"您的时间（Asia/Shanghai）"}
    assert "官网" in [text for _, text in dom.find("a")]
    [series] = [text for _, text in dom.find("p", class_="series")]
    assert series.startswith("acl · 会议")


def test_the_recommend_page_in_chinese(cli: Cli, server_zh: str, chromium: str, tmp_path: Path) -> None:
    assert cli("profile", "set", "--home", "Berlin", "--interests", "nlp").code == 0
    dom = Dom(dump_dom(chromium, server_zh + "/recommend", tmp_path))
    assert dom.find("h1")[0][1] == "为您推荐"
    assert {text for _, text in dom.find("summary")} == {"理由"}
    assert [text for _, text in dom.find("span", class_="bar-name")][:5] == [
        "主题",
        "质量",
        "时间",
        "地点",
        "费用",
    ]
    notes = [text for _, text in dom.find("p", class_="note")]
    assert "未给出护照：不考虑签证（tracker profile set --passport DE）" in notes
    reasons = [text for _, text in dom.find("li") if "公式：" in text]
    assert reasons and not any("formula" in text or "of its days in your window" in text for text in reasons)
    assert any("的会期在您的时间段内" in text for text in reasons)


def test_the_countdown_in_chinese_counts_in_days_and_hours(
    server_zh: str, chromium: str, tmp_path: Path
) -> None:
    dom = Dom(dump_dom(chromium, server_zh + "/?within=90d", tmp_path))
    lefts = [text for _, text in dom.find("td", class_="left")]
    assert lefts
    unit = re.compile(r"\d+天\d{2}小时|\d+小时|<1小时|≈\d+天|已过期")
    assert all(unit.fullmatch(text) for text in lefts), lefts


def test_the_conference_pages_labels_and_estimated_titles_in_chinese(server_zh: str) -> None:
    """Common upstream labels and the stored "(estimated)" mark were English on zh pages."""
    import httpx

    eccv = httpx.get(server_zh + "/conf/eccv2026").text
    cells = re.findall(r"<tr[^>]*><td>([^<]*)", eccv)
    assert {"论文提交", "终稿截止", "最终决定"} <= set(cells), cells
    assert "Rebuttal Deadline" in cells  # a label of the conference's own, as written
    neurips = httpx.get(server_zh + "/conf/neurips2026").text
    assert "Machine Learning with new Compute Paradigms（估计）" in neurips
    assert " (estimated)</a>" not in neurips
