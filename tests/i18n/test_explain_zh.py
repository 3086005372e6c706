"""recommend --why, its notes, the import report and Click's usage errors say nothing in English in zh.

What stays as written is what a person types or a source wrote: keys, topic keys, the
inputs' names, the edition's title and place, file paths, commands, the data's own rule
texts. Everything else is checked for an English sentence (two English words in a row).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]
HOME = ("--home", "Berlin")
WHY = [
    # a visa line for two passports, the society's fee rules, over the budget
    (
        *HOME,
        "--interests",
        "nlp",
        "--passport",
        "CN",
        "--passport",
        "DE",
        "--budget",
        "1500",
        "--why",
        "acl2027",
    ),
    # submit mode, a place not announced (expected from past places), no passport given
    (*HOME, "--interests", "cv", "--mode", "submit", "--why", "iccv2027"),
    # not recommended (off your topics), virtual attendance accepted
    (*HOME, "--interests", "nlp", "--virtual-ok", "--why", "iccv2027"),
    # a workshop: an estimated edition
    (*HOME, "--interests", "rl", "--kind", "workshop", "--why", "aloe2026"),
]
TWO_ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")


def _data_texts() -> list[str]:
    """The texts of data/catalog/known_fees.yml that --why quotes as the society wrote them."""
    data = yaml.safe_load((ROOT / "data" / "catalog" / "known_fees.yml").read_text(encoding="utf-8"))
    texts = [str(r["text"]) for r in data.get("policies") or []]
    texts += [
        f"{r['name']} (per {r['per']})" if r.get("per") else str(r["name"]) for r in data.get("addons") or []
    ]
    return texts + [
        str(r[k]) for r in [*data.get("policies", []), *data.get("addons", [])] for k in ("source", "as_of")
    ]


def _english_left(text: str, written: list[str]) -> list[str]:
    """The lines of ``text`` that still hold an English sentence, once the as-written parts are out."""
    left = []
    for line in text.splitlines():
        if line.lstrip().startswith("输入："):  # the inputs: --json's names and values
            continue
        for kept in sorted(written, key=len, reverse=True):
            line = line.replace(kept, " ")
        line = re.sub(r"https?://\S+|\S+\.yml|data/\S+|tracker( [-\w.,]+)+|Passport Index", " ", line)
        if TWO_ENGLISH_WORDS.search(line):
            left.append(line)
    return left


@pytest.mark.parametrize(
    "args", WHY, ids=["visa-fees-budget", "submit-expected-place", "off-topic", "workshop"]
)
def test_recommend_why_in_chinese_has_no_english_sentence(cli: Cli, args: tuple[str, ...]) -> None:
    chinese = cli("--lang", "zh", "recommend", *args)
    assert chinese.code == 0, chinese.err
    shown = json.loads(cli("recommend", *args, "--json").out)["recommendation"]
    written = [shown["title"], shown["name"], shown["key"], *filter(None, (shown["city"], shown["country"]))]
    written += _data_texts()
    assert "公式：" in chinese.out and "费用：" in chinese.out
    assert not _english_left(chinese.out, written)


def test_recommend_notes_in_chinese_join_lists_with_the_chinese_comma(cli: Cli) -> None:
    result = cli("--lang", "zh", "recommend", *HOME, "--interests", "nlp,ml", "--limit", "12")
    assert result.code == 0
    assert "未给出护照：不考虑签证（tracker profile set --passport DE）" in result.err
    folded = next(line for line in result.err.splitlines() if "一次行程还可参加它的" in line)
    assert "、" in folded and ", " not in folded  # the workshops' keys: a prose list
    assert "为您推荐：Berlin, DE；自然语言处理、机器学习；参会" in result.out  # interests in Chinese
    assert not _english_left(result.err, [])


def test_the_english_why_is_the_domains_english_text(cli: Cli) -> None:
    """The English lines are the --json texts themselves: one template, two renderings."""
    args = WHY[0]
    english = cli("recommend", *args)
    shown = json.loads(cli("recommend", *args, "--json").out)["recommendation"]
    for criterion in shown["explanation"]:
        assert criterion["reason"] in " ".join(english.out.split())
    assert shown["visa"]["text"].startswith(
        "DE passport to JP: visa free for 90 days (the best of your passports CN, DE)"
    )


def test_the_import_report_in_chinese(cli: Cli) -> None:
    path = ROOT / "tests" / "catalog_import" / "fixtures" / "pwc" / "conferences.yml"
    result = cli("--lang", "zh", "import", str(path), "--format", "pwc", "--dry-run")
    assert result.code == 0, result.err
    assert re.search(
        r"pwc：新增 \d+ 条，更新 \d+ 条，未变 \d+ 条，拒收 \d+ 条，警告 \d+ 条（未保存任何内容）", result.out
    )
    english = cli("import", str(path), "--format", "pwc", "--dry-run")
    assert re.search(
        r"pwc: \d+ added, \d+ updated, \d+ unchanged, \d+ rejected, \d+ warnings \(nothing stored\)",
        english.out,
    )


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (("conf", "list", "--bogus"), "没有这个选项：--bogus", "No such option: --bogus"),
        (
            ("recommend", "--limit", "x"),
            "'--limit' 的值无效：'x' 不是有效的整数。",
            "Invalid value for '--limit'",
        ),
        (("recommend", "--limit", "0"), "'--limit' 的值无效：0 不在范围 x>=1 内。", "is not in the range"),
        (("conf", "show"), "缺少参数 'key'。", "Missing argument 'key'."),
        (("conf", "show", "a", "b"), "多余的参数（b）", "Got unexpected extra argument(s) (b)"),
        (("conf", "list", "--kind"), "选项 '--kind' 需要一个值。", "Option '--kind' requires an argument."),
        (
            ("conf", "lst"),
            "没有命令 'lst'。您是想用 'list' 吗？",
            "No such command 'lst'. Did you mean 'list'?",
        ),
    ],
)
def test_clicks_usage_errors_in_chinese_are_one_line_exit_2(
    cli: Cli, args: tuple[str, ...], chinese: str, english: str
) -> None:
    said = cli("--lang", "zh", *args)
    assert said.code == 2
    [line] = said.err.strip().splitlines()
    assert line == f"tracker: 错误：{chinese}"
    plain = cli(*args)
    assert plain.code == 2 and english in plain.err and len(plain.err.strip().splitlines()) == 1


def test_recommends_own_errors_in_chinese(cli: Cli) -> None:
    passport = cli("--lang", "zh", "recommend", *HOME, "--passport", "CHN")
    assert passport.code == 2
    assert passport.err.strip() == (
        "tracker: 错误：--passport：未知的国家代码 'CHN'："
        "应为 ISO 3166 两字母代码，例如 CN、DE、US（您是不是要找 CN？）"
    )
    assert cli("profile", "set", "--interests", "nlp").code == 0
    home = cli("--lang", "zh", "recommend")
    assert home.code == 1 and home.err.startswith("tracker: 错误：没有所在城市：请传入 --home CITY")
