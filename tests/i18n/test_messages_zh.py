"""Errors, fetch failures and the small status lines in Chinese; English and --json unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import Cli
from tracker.ingest import builtin


def _offline(cli: Cli, url: str) -> None:
    """Every built-in source pointed at a port where nothing listens."""
    for source in builtin.builtins().sources:
        assert cli("sources", "edit", source.name, "--url", url).code == 0


def test_a_file_that_cannot_be_written_is_one_chinese_line(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "mine.ics"
    zh = cli("--lang", "zh", "calendar", "feed", "--out", str(target))
    assert zh.code == 1
    assert zh.err.strip() == f"tracker: 错误：无法写入 {target}：没有目录 {target.parent}"
    en = cli("calendar", "feed", "--out", str(target))
    assert en.err.strip() == f"tracker: error: cannot write {target}: no such directory {target.parent}"
    blocker = tmp_path / "taken.ics"
    blocker.mkdir()
    assert "它是一个目录" in cli("--lang", "zh", "calendar", "feed", "--out", str(blocker)).err


def test_the_feed_says_what_it_wrote_in_chinese(cli: Cli, tmp_path: Path) -> None:
    assert cli("status", "neurips2026", "planning").code == 0
    out = tmp_path / "mine.ics"
    zh = cli("--lang", "zh", "calendar", "feed", "--out", str(out))
    assert zh.code == 0
    assert zh.err.startswith("已将") and "个事件写入" in zh.err and "个截止日期" in zh.err, zh.err
    en = cli("calendar", "feed", "--out", str(out))
    assert en.err.startswith("Wrote ") and " events to " in en.err and " deadlines" in en.err, en.err


@pytest.mark.builtin_sources
def test_an_offline_sync_says_why_in_chinese_and_keeps_json_english(
    cli: Cli, refused_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _offline(cli, refused_url)
    monkeypatch.setenv("COLUMNS", "80")
    zh = cli("--lang", "zh", "sync")
    assert zh.code == 1
    problems = [line for line in zh.out.splitlines() if "连接失败" in line]
    assert problems and all("127.0.0.1 拒绝了连接" in line or "刚才无法连接" in line for line in problems)
    assert "connection failed" not in zh.out
    assert all(cell_len(line) <= 80 for line in zh.out.splitlines())
    data = json.loads(cli("--lang", "zh", "sync", "--json").out)
    assert {s["error"].split(":")[0] for s in data["sources"]} == {"connection failed"}


@pytest.mark.builtin_sources
def test_at_80_columns_the_sync_table_keeps_its_headings_whole(
    cli: Cli, refused_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long source name used to squeeze every heading to "Statu" / "s", "Upda" / "ted"."""
    _offline(cli, refused_url)
    monkeypatch.setenv("COLUMNS", "80")
    shown = cli("sync").out
    header = next(line for line in shown.splitlines() if line.startswith("┃"))
    headings = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert headings[:4] == ["Source", "Status", "Added", "Updated"] and "Rejected" in headings
    assert "wikicfp-artificial-intelligence" in shown and "FAILED" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    monkeypatch.setenv("COLUMNS", "160")
    wide = next(line for line in cli("sync").out.splitlines() if line.startswith("┃"))
    assert [c.strip() for c in wide.strip("┃").split("┃")] == [
        "Source",
        "Status",
        "Added",
        "Updated",
        "Same",
        "Rejected",
        "Changes",
    ]


def test_reading_statuses_and_path_kinds_are_shown_in_chinese(cli: Cli) -> None:
    assert cli("reading-list", "add", "Attention Is All You Need").code == 0
    done = cli("--lang", "zh", "reading-list", "done", "1")
    assert done.code == 0 and done.err.strip() == "#1 Attention Is All You Need：已读"
    listed = cli("--lang", "zh", "reading-list", "list").out
    assert "│ 已读 " in listed and "to-read" not in listed and "done" not in listed
    assert "#1 Attention Is All You Need: done" in cli("reading-list", "done", "1").err
    path = cli("--lang", "zh", "path", "transformers").out
    assert "（linear-regression, 概念）" in path or "(linear-regression, 概念)" in path, path[:400]


def _summaries(path: Path) -> list[str]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_calendar_titles_are_chinese_and_carry_the_acronym_and_year(cli: Cli, tmp_path: Path) -> None:
    assert cli("status", "neurips2026", "planning").code == 0
    feed = tmp_path / "mine.ics"
    assert cli("--lang", "zh", "calendar", "feed", "--out", str(feed)).code == 0
    zh = _summaries(feed)
    assert "NeurIPS 2026：论文截止日期" in zh and "NeurIPS 2026" in zh
    assert cli("calendar", "feed", "--out", str(feed)).code == 0
    assert "NeurIPS 2026: paper deadline" in _summaries(feed)

    exported = tmp_path / "all.ics"
    assert cli("calendar", "export", "--deadlines", "--out", str(exported)).code == 0
    titles = _summaries(exported)
    # "International Conference on Very Large Data Bases: paper deadline" said neither which one
    # nor which year.
    assert titles and all(re.match(r"^[^:]{2,16} 20\d\d: ", t) for t in titles), titles[:5]
    assert (
        cli("--lang", "zh", "calendar", "export", "--deadlines", "--out", str(exported), "--force").code == 0
    )
    assert any("论文截止日期" in t for t in _summaries(exported))


def test_an_estimated_editions_title_is_marked_in_chinese(cli: Cli) -> None:
    path = cli("--lang", "zh", "path", "nlp").out
    assert "（估计）" in path and "(estimated)" not in path
    assert "(estimated)" in cli("path", "nlp").out


def test_my_statuses_and_whats_next_are_chinese(cli: Cli) -> None:
    assert cli("status", "neurips2026", "planning").code == 0
    mine = cli("--lang", "zh", "mine").out
    row = next(line for line in mine.splitlines() if "neurips2026" in line)
    assert "计划参加" in row and "planning" not in row
    assert "截止日期" in row or "开幕" in row, row
    assert "planning" in cli("mine").out
    summary = cli("--lang", "zh", "summary", "neurips2026").out
    assert "状态：计划参加" in summary
    assert json.loads(cli("--lang", "zh", "mine", "--json").out)[0]["status"] == "planning"


def test_conflicts_say_their_fields_rules_and_reasons_in_chinese(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    zh = cli("--lang", "zh", "conflicts").out
    assert "│ 日期 " in zh and "来源优先级" in zh and "│ rank " not in zh and "│ dates " not in zh
    assert all(cell_len(line) <= 80 for line in zh.splitlines())
    en = cli("conflicts").out
    assert "│ dates " in en and "│ rank " in en
    # NeurIPS 2023: ccf carries NeurIPS 2022's dates; the reason is said in Chinese.
    shown = cli("--lang", "zh", "conf", "show", "neurips2023", "--sources").out
    assert "日期：保留 pwc（ccf 的日期其实是 neurips2022 的）" in shown
    assert (
        "dates: kept pwc (ccf's dates are those of neurips2022)"
        in cli("conf", "show", "neurips2023", "--sources").out
    )
    data = json.loads(cli("--lang", "zh", "conflicts", "neurips2023", "--json").out)
    assert data[0]["why"] == "ccf's dates are those of neurips2022" and data[0]["rule"] == "another-year"


def test_a_workshop_placed_at_its_parent_says_so_in_chinese(cli: Cli) -> None:
    zh = cli("--lang", "zh", "conf", "show", "want2024", "--json").out
    note = json.loads(zh)["editions"]
    assert any(e["note"].startswith("Place and days are those of its parent conference") for e in note)
    shown = cli("--lang", "zh", "conf", "show", "want2024").out
    assert "地点和日期" in shown and "Place and days" not in shown


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ("recommend", "--home", "Atlantiss"),
            "--home：未知的城市 'Atlantiss'（您是不是要找：",
            "--home: unknown city 'Atlantiss'",
        ),
        (("recommend", "--home", "Paris, XX"), "--home：未知的国家 'XX'", "--home: unknown country 'XX'"),
        (("upcoming", "--tz", "Mars/Base"), "未知的时区 'Mars/Base'", "unknown time zone 'Mars/Base'"),
        (
            ("recommend", "--home", "Berlin", "--weights", "topic=x"),
            "--weights：topic='x' 不是数字",
            "topic='x' is not a number",
        ),
        (("contacts", "show", "nobody"), "未知的联系人 'nobody'", "unknown contact 'nobody'"),
        (("status", "neurips2026", "maybe"), "未知的状态 'maybe'", "unknown status 'maybe'"),
        (
            ("import", "/nonexistent/catalog", "--format", "ccf"),
            "没有这个文件或目录：/nonexistent/catalog",
            "no such file",
        ),
    ],
)
def test_a_mistyped_value_is_one_chinese_line(cli: Cli, args: tuple[str, ...], zh: str, en: str) -> None:
    shown = cli("--lang", "zh", *args)
    assert shown.code in (1, 2)
    [line] = shown.err.strip().splitlines()
    assert line.startswith("tracker: 错误：") and zh in line, line
    assert en in cli(*args).err


def test_a_learning_paths_steps_are_named_in_chinese(cli: Cli) -> None:
    zh = cli("--lang", "zh", "path", "transformers").out
    assert "1. 线性回归 (linear-regression, 概念)" in zh and "Transformer 架构 (transformers, 前沿)" in zh
    assert "1. Linear regression (linear-regression, concept)" in cli("path", "transformers").out
    progress = cli("--lang", "zh", "path", "progress").out
    assert "Transformer 架构" in progress
    assert "算力与效率" not in zh and cli("--lang", "zh", "path", "算力与效率").code == 0  # typed as shown


def test_a_learning_paths_goal_and_what_each_step_teaches_are_said_in_chinese(cli: Cli) -> None:
    """The goal was its key ("通往 transformers"), every step's sentence English."""
    zh = cli("--lang", "zh", "path", "transformers", "--known", "linear-regression").out
    lines = zh.splitlines()
    assert lines[0].startswith("通往 Transformer 架构 的学习路径") and lines[1] == "已掌握：线性回归"
    sentences = [lines[i + 1].strip() for i, line in enumerate(lines) if ". " in line and "(" in line]
    assert sentences and all(s.endswith("。") for s in sentences), sentences
    en = cli("path", "transformers", "--known", "linear-regression").out
    assert en.startswith("Path to transformers") and "Already known: linear-regression" in en
    assert "The multilayer perceptron: fully connected layers stacked without cycles." in en


@pytest.mark.parametrize(
    ("name", "content", "args", "zh", "en"),
    [
        (
            "programme.csv",
            b"name,when\nx,y\n",
            ("talks", "import", "{path}", "--edition", "neurips2026"),
            "programme.csv：CSV 日程需要一个至少含 'title' 的表头行",
            "programme.csv: a CSV programme needs a header row with at least 'title'",
        ),
        (
            "programme.json",
            b"[1]",
            ("talks", "import", "{path}", "--edition", "neurips2026"),
            "programme.json 第 1 个报告：应为对象",
            "programme.json talk 1: expected an object",
        ),
        (
            "papers.bib",
            b"\xff\xfe@article{a, title={x}}",
            ("reading-list", "import", "{path}"),
            "papers.bib：不是 UTF-8 文本（第 0 字节）；请另存为 UTF-8",
            "papers.bib: not UTF-8 text (byte 0); save it as UTF-8",
        ),
        (
            "unused.txt",
            b"",
            ("reading-list", "add", "A title", "--priority", "urgent"),
            "--priority：应为 high、normal 或 low（或 1-3），得到的是 'urgent'",
            "--priority: expected high, normal or low (or 1-3), got 'urgent'",
        ),
    ],
)
def test_a_bad_file_or_value_of_the_rarer_paths_is_one_chinese_line(
    cli: Cli, tmp_path: Path, name: str, content: bytes, args: tuple[str, ...], zh: str, en: str
) -> None:
    """Programme files, BibTeX files and reading priorities said English-only f-strings."""
    path = tmp_path / name
    path.write_bytes(content)
    given = [arg.format(path=path) for arg in args]
    shown = cli("--lang", "zh", *given)
    assert shown.code in (1, 2)
    [line] = shown.err.strip().splitlines()
    assert line == f"tracker: 错误：{zh}"
    assert cli(*given).err.strip() == f"tracker: error: {en}"


@pytest.mark.builtin_sources
def test_a_sources_stored_error_is_read_back_in_chinese(cli: Cli, refused_url: str) -> None:
    """The last error is kept in English (data); `sources list` showed it so in zh."""
    _offline(cli, refused_url)
    assert cli("sync").code == 1
    zh = cli("--lang", "zh", "sources", "list").out
    problems = [line for line in zh.splitlines() if line.startswith("hf-ai-deadlines:")]
    assert problems and "连接失败" in problems[0] and "connection failed" not in zh, zh
    kept = {
        s["name"]: s["last_error"] for s in json.loads(cli("--lang", "zh", "sources", "list", "--json").out)
    }
    assert kept["hf-ai-deadlines"].startswith("connection failed: ")
    en = cli("sources", "list").out
    assert f"hf-ai-deadlines: {kept['hf-ai-deadlines']}" in " ".join(en.split())


def test_every_topic_of_the_map_says_what_it_teaches_in_chinese() -> None:
    """Like the message catalog: a topic added without its Chinese sentence fails here."""
    from tracker.learning import topic_map

    concepts = topic_map.load().concepts.values()
    missing = [c.key for c in concepts if not c.zh_summary.endswith("。")]
    assert len(concepts) >= 26 and missing == []


def test_an_argument_that_is_not_utf8_is_refused_in_the_language_asked_for(cli: Cli) -> None:
    """The encoding was checked before `--lang` was read: the refusal was English whatever was asked."""
    import os

    typed = os.fsdecode(b"caf\xe9")
    zh = cli("--lang", "zh", "conf", "show", typed)
    assert zh.code == 2
    assert (
        zh.err.strip()
        == "tracker: 错误：参数 'caf\\xe9' 不是有效的 UTF-8（偏移 3 处的字节 0xe9）：文本必须是 UTF-8"
    )
    en = cli("conf", "show", typed)
    english = "argument 'caf\\xe9' is not valid UTF-8 (byte 0xe9 at offset 3): text must be UTF-8"
    assert en.err.strip() == f"tracker: error: {english}"


def test_topic_trends_name_each_topic_in_chinese(cli: Cli) -> None:
    zh = cli("--lang", "zh", "trends").out
    assert "自然语言处理" in zh and "Natural language processing" not in zh
    assert "Natural language processing" in cli("trends").out


def test_the_catalogs_common_deadline_labels_are_shown_in_chinese(cli: Cli) -> None:
    """Upstream labels ("Full paper submission deadline") were English in every zh table."""
    zh = cli("--lang", "zh", "upcoming").out
    row = next(line for line in zh.splitlines() if "mathai2026" in line)
    assert "全文提交截止" in row, row
    assert "Initial Notification" in zh  # a label of the conference's own stays as written
    en = next(line for line in cli("upcoming").out.splitlines() if "mathai2026" in line)
    assert "Full paper submission d…" in en


def test_a_plan_items_kind_is_said_in_chinese(cli: Cli) -> None:
    """A plan's "reading" is a paper to read (阅读), not the reading-list status (在读)."""
    assert cli("plan", "add", "neurips2026", "Read the attention paper", "--kind", "reading").code == 0
    zh = cli("--lang", "zh", "plan", "list", "neurips2026").out
    assert "阅读" in zh and "在读" not in zh and "reading" not in zh
    assert "reading" in cli("plan", "list", "neurips2026").out
    summary = cli("--lang", "zh", "summary", "neurips2026").out
    assert "- [ ] 1. 阅读: Read the attention paper" in summary
    assert "- [ ] 1. reading: Read the attention paper" in cli("summary", "neurips2026").out


def test_the_usage_line_of_help_is_chinese(cli: Cli) -> None:
    """Click writes its "Usage: " prefix without asking gettext."""
    assert cli("--lang", "zh", "talks", "import", "--help").out.startswith("用法：tracker talks import ")
    assert cli("talks", "import", "--help").out.startswith("Usage: tracker talks import ")
