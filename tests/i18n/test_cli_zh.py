"""The most-used commands in Chinese, with the real bundled catalog; --json the same in both languages."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from rich.cells import cell_len

from tests.conftest import Cli

RECOMMEND = ("recommend", "--home", "北京", "--interests", "nlp", "--limit", "5")


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def _fits(text: str) -> None:
    """Every line of every table within 80 terminal cells (a Chinese character is two)."""
    table = [line for line in text.splitlines() if line[:1] in set("┏┃┡│└")]
    assert table
    wide = [line for line in table if cell_len(line) > 80]
    assert not wide, wide


def test_help_is_chinese(cli: Cli) -> None:
    root = cli("--lang", "zh", "--help")
    assert root.code == 0
    assert "AI 会议与研讨会" in root.out
    assert "会议目录：列表、详情。" in root.out  # conf's help
    assert "显示此帮助并退出。" in root.out  # the help option Click makes
    upcoming = cli("--lang", "zh", "upcoming", "--help").out
    assert "往后看多远：30d、12h、2w、3m。" in upcoming
    assert "默认：30d" in upcoming  # Typer's own words, through the catalog


@pytest.mark.parametrize(
    "command", [(), ("recommend",), ("upcoming",), ("conf", "list"), ("notes", "search")]
)
def test_chinese_help_wraps_within_80_columns(cli: Cli, narrow: None, command: tuple[str, ...]) -> None:
    out = cli("--lang", "zh", *command, "--help").out
    assert out.count("。") > 2
    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not wide, wide


def test_an_error_is_one_chinese_line_with_its_suggestions(cli: Cli) -> None:
    result = cli("--lang", "zh", "conf", "show", "neurip2026")
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith("tracker: 错误：未知的会议 'neurip2026'（您是不是要找：")
    assert "neurips2026" in line  # as typed next: a key, not "NeurIPS 2026" (two arguments)


def test_conf_list_headings_in_chinese_at_80_columns(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", "conf", "list", "--upcoming", "--limit", "5")
    assert result.code == 0
    heading = next(line for line in result.out.splitlines() if "键" in line)
    assert "会议" in heading and "日期" in heading
    assert "5 届会议" in result.out
    _fits(result.out)


def test_recommend_in_chinese_fits_80_columns(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", *RECOMMEND)
    assert result.code == 0
    assert "为您推荐：" in result.out and "得分" in result.out
    assert "查看某个推荐的理由：tracker recommend --home" in result.err  # the hint's words stay typable
    _fits(result.out)
    hint = next(line for line in result.err.splitlines() if line.startswith("查看某个推荐的理由："))
    assert cli(*shlex.split(hint.split("：", 1)[1])[1:]).code == 0  # the printed command runs as typed


def test_recommend_why_explains_in_chinese(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", *RECOMMEND, "--why", "acl2027")
    assert result.code == 0
    assert "总分" in result.out and "五项标准的 权重 × 得分 之和" in result.out
    assert "标准" in result.out and "贡献" in result.out
    assert "第 1 名" in result.out
    assert "2027年8月" in result.out  # the dates by Babel's zh_Hans_CN
    _fits(result.out)


def test_upcoming_in_chinese_fits_80_columns(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", "upcoming", "--within", "60d")
    assert result.code == 0
    assert "未来 60 天内的截止日期" in result.out  # the span in words, not as typed ("60d")
    assert "剩余" in result.out and "截止日期" in result.out
    assert "显示" in result.err and "目录截至" in result.err
    _fits(result.out)


def test_the_demo_steps_are_named_in_chinese(cli: Cli) -> None:
    result = cli("--lang", "zh", "demo", "linreg", "--epochs", "2")
    assert result.code == 0, result.err
    for step in (
        "1/7 数据预处理",
        "2/7 模型构建",
        "3/7 参数初始化",
        "4/7 训练",
        "5/7 验证",
        "6/7 调参",
        "7/7 测试",
    ):
        assert step in result.out


@pytest.mark.parametrize(
    "args",
    [
        ("conf", "list", "--upcoming", "--limit", "20"),
        ("upcoming", "--within", "60d"),
        RECOMMEND,
        (*RECOMMEND, "--why", "acl2027"),
        ("conf", "show", "neurips2026"),
    ],
)
def test_json_is_the_same_in_both_languages(cli: Cli, args: tuple[str, ...]) -> None:
    english = cli(*args, "--json")
    chinese = cli("--lang", "zh", *args, "--json")
    assert english.code == chinese.code == 0
    assert json.loads(english.out) == json.loads(chinese.out)
    assert english.out == chinese.out


def test_english_stays_english(cli: Cli) -> None:
    result = cli("conf", "show", "neurip2026")
    assert result.err.startswith("tracker: error: unknown conference 'neurip2026' (did you mean:")
    assert "The conference catalog: list, show." in cli("--help").out


def test_conf_show_headings_in_chinese_at_80_columns(cli: Cli, narrow: None) -> None:
    result = cli("--lang", "zh", "conf", "show", "neurips2026")
    assert result.code == 0
    assert "质量信号" in result.out and "历届会议（▶ 为所查询的一届）" in result.out
    heading = next(line for line in result.out.splitlines() if "键" in line and "地点" in line)
    assert "日期" in heading and "方式" in heading
    assert "neurips2026 的会场：" in result.out
    assert "Quality" not in result.out and "Editions" not in result.out
    _fits(result.out)


def test_profile_show_in_chinese_at_80_columns(cli: Cli, narrow: None) -> None:
    saved = cli("--lang", "zh", "profile", "set", "--home", "北京", "--interests", "nlp", "--student")
    assert saved.code == 0
    assert "个人资料已保存。" in saved.err + saved.out
    result = cli("--lang", "zh", "profile", "show")
    assert result.code == 0
    heading = next(line for line in result.out.splitlines() if "字段" in line)
    assert "值" in heading
    assert "所在地" in result.out and "兴趣" in result.out and "学生" in result.out
    _fits(result.out)


def test_profile_error_is_one_chinese_line(cli: Cli) -> None:
    result = cli("--lang", "zh", "profile", "set", "--passport", "CN", "--no-passport")
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert "--passport 与 --no-passport 相互矛盾" in line


def test_plan_and_contacts_in_chinese(cli: Cli, narrow: None) -> None:
    assert cli("--lang", "zh", "plan", "add", "neurips2026", "读 注意力 论文", "--kind", "reading").code == 0
    plan = cli("--lang", "zh", "plan", "list", "neurips2026")
    assert plan.code == 0 and "1 项未完成" in plan.out and "事项" in plan.out
    _fits(plan.out)
    assert cli("--lang", "zh", "contacts", "add", "张伟", "--affiliation", "清华大学").code == 0
    contacts = cli("--lang", "zh", "contacts", "list")
    assert contacts.code == 0 and "单位" in contacts.out and "张伟" in contacts.out
    _fits(contacts.out)


def test_talks_and_reading_list_in_chinese(cli: Cli, narrow: None) -> None:
    added = cli("--lang", "zh", "talks", "add", "neurips2026", "注意力机制入门", "--topic", "transformers")
    assert added.code == 0 and "已添加报告 #1：注意力机制入门" in added.err + added.out
    talks = cli("--lang", "zh", "talks", "list")
    assert talks.code == 0 and "时间（当地）" in talks.out
    _fits(talks.out)
    assert cli("--lang", "zh", "reading-list", "add", "Attention Is All You Need").code == 0
    readings = cli("--lang", "zh", "reading-list", "list")
    assert readings.code == 0 and "阅读清单（已读 0/1）" in readings.out and "优先级" in readings.out
    _fits(readings.out)
    wrong = cli("--lang", "zh", "reading-list", "export", "--format", "docx")
    assert wrong.code == 2 and "未知格式 'docx'" in wrong.err


def test_conflicts_and_import_in_chinese(cli: Cli, narrow: None) -> None:
    conflicts = cli("--lang", "zh", "conflicts", "neurips2026")
    assert conflicts.code == 0
    assert "处冲突（* 为保留值；--json 给出理由）" in conflicts.out
    heading = next(line for line in conflicts.out.splitlines() if "各来源的值" in line)
    assert "会议" in heading and "规则" in heading
    _fits(conflicts.out)
    wrong = cli("--lang", "zh", "import", "catalog.yml", "--format", "xx")
    assert wrong.code == 2
    [line] = wrong.err.strip().splitlines()
    assert "未知格式 'xx'；请使用其中之一：pwc, hf, ccf" in line


def test_path_and_trends_in_chinese(cli: Cli, narrow: None) -> None:
    path = cli("--lang", "zh", "path", "transformers")
    assert path.code == 0
    assert "通往 Transformer 架构 的学习路径" in path.out  # the goal by its Chinese name
    # The command stays typable: a real step of the path.
    assert re.search(r"^标记完成一步：tracker path transformers --done [a-z-]+$", path.out, re.M), path.out
    assert "活动按日期排序。" in path.out
    progress = cli("--lang", "zh", "path", "progress")
    assert progress.code == 0 and "学习进度" in progress.out and "下一步" in progress.out
    _fits(progress.out)
    series = cli("--lang", "zh", "trends", "--series", "neurips")
    assert series.code == 0 and "论文截止日期" in series.out and "录用率" in series.out
    assert "NeurIPS 历年变化" in series.out
    _fits(series.out)
