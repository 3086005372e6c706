"""Topics typed in Chinese (the ``zh`` names of data/topics.yml and data/topic_map.yml) resolve
to the same English keys, in every command that takes a topic (issue 15)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("自然语言处理", "nlp"),
        ("计算机视觉", "computer-vision"),
        ("机器学习", "machine-learning"),
        ("强化学习", "reinforcement-learning"),
        ("大模型", "large-language-models"),
        ("大语言模型", "large-language-models"),
        (" 深度学习 ", "deep-learning"),
    ],
)
def test_chinese_topic_names_resolve_to_the_english_keys(typed: str, key: str) -> None:
    from tracker.catalog import topics

    assert topics.require(typed) == key


def test_every_chinese_name_in_the_vocabulary_resolves_to_its_own_topic() -> None:
    from tracker.catalog import topics

    named = {name: topic.key for topic in topics.all_topics().values() for name in topic.zh}
    assert len(named) >= 40
    assert all(topics.lookup(name) == key for name, key in named.items())


def test_recommend_takes_chinese_interests(catalog, cli: Cli) -> None:
    chinese = cli("recommend", "--home", "北京", "--interests", "自然语言处理,计算机视觉", "--json")
    english = cli("recommend", "--home", "Beijing", "--interests", "nlp,computer-vision", "--json")
    assert chinese.code == 0, chinese.err
    assert json.loads(chinese.out)["interests"] == ["nlp", "computer-vision"]
    assert json.loads(chinese.out)["results"] == json.loads(english.out)["results"]


def test_conf_list_takes_a_chinese_topic(catalog, cli: Cli) -> None:
    chinese = cli("conf", "list", "--topic", "计算机视觉", "--json")
    english = cli("conf", "list", "--topic", "computer-vision", "--json")
    assert chinese.code == 0, chinese.err
    assert json.loads(chinese.out) and json.loads(chinese.out) == json.loads(english.out)


def test_an_unknown_chinese_topic_is_one_line_with_a_suggestion(catalog, cli: Cli) -> None:
    result = cli("recommend", "--home", "北京", "--interests", "自然语言")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "unknown topic '自然语言'" in result.err and "nlp" in result.err
