"""Homes and countries typed in Chinese resolve as their English names do (issue 15)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

CITIES = {
    "北京": ("Beijing", "CN"),
    "上海": ("Shanghai", "CN"),
    "深圳": ("Shenzhen", "CN"),
    "香港": ("Hong Kong", "HK"),
    "台北": ("Taipei", "TW"),
    "臺北市": ("Taipei", "TW"),  # Traditional characters too
    "新加坡": ("Singapore", "SG"),
    "首尔": ("Seoul", "KR"),
    "东京": ("Tokyo", "JP"),
    "悉尼": ("Sydney", "AU"),
    "温哥华": ("Vancouver", "CA"),  # GeoNames has only 溫哥華: the Simplified form is made from it
    "纽约": ("New York City", "US"),
    "檀香山": ("Honolulu", "US"),  # a conference town below the big cities' floor
    "悉尼，澳大利亚": ("Sydney", "AU"),  # with its country, and the comma a Chinese keyboard types
    "北京, 中国": ("Beijing", "CN"),
    "Paris, 法国": ("Paris", "FR"),
}


@pytest.mark.parametrize(("typed", "expected"), list(CITIES.items()))
def test_chinese_city_names_resolve_as_the_english_ones(typed: str, expected: tuple[str, str]) -> None:
    from tracker.recommend.profile import resolve_home

    home = resolve_home(typed)
    assert (home.city, home.country) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("中国", "CN"),
        ("美国", "US"),
        ("日本", "JP"),
        ("德国", "DE"),
        ("韩国", "KR"),
        ("台湾", "TW"),
        ("美國", "US"),
    ],
)
def test_chinese_country_names_resolve(typed: str, code: str) -> None:
    from tracker.catalog.places import country_code

    assert country_code(typed) == code


def test_recommend_from_a_chinese_home(catalog, cli: Cli) -> None:
    chinese = cli("recommend", "--home", "北京", "--interests", "nlp", "--json")
    english = cli("recommend", "--home", "Beijing", "--interests", "nlp", "--json")
    assert chinese.code == 0, chinese.err
    assert json.loads(chinese.out)["results"] == json.loads(english.out)["results"]


@pytest.mark.parametrize("typed", ["温哥化", "北京, 美国", "北京, 火星"])
def test_a_mistyped_chinese_home_is_one_clear_line(catalog, cli: Cli, typed: str) -> None:
    result = cli("recommend", "--home", typed, "--interests", "nlp")
    assert result.code in (1, 2) and result.err.count("\n") == 1, result.err
    assert result.err.startswith("tracker: error: --home:") and "Traceback" not in result.err


def test_a_mistyped_chinese_city_suggests_the_close_one(catalog, cli: Cli) -> None:
    result = cli("recommend", "--home", "温哥化", "--interests", "nlp")
    assert result.code == 2 and "unknown city '温哥化'" in result.err and "温哥华" in result.err


def test_every_ccf_area_of_the_bundled_catalog_has_its_chinese_name() -> None:
    import yaml

    from tracker import config

    data = config.data_dir() / "catalog"
    areas = yaml.safe_load((data / "ccf_areas.yml").read_text(encoding="utf-8"))
    used = {
        entry["sub"]
        for path in (data / "sources" / "ccf" / "conference").rglob("*.yml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    assert used and used <= set(areas)
    assert areas["AI"] == {"en": "Artificial Intelligence", "zh": "人工智能"}
    assert all(area["zh"] and area["en"] for area in areas.values())


def test_conf_list_takes_a_chinese_country(catalog, cli: Cli) -> None:
    chinese = cli("conf", "list", "--country", "日本", "--json")
    english = cli("conf", "list", "--country", "JP", "--json")
    assert chinese.code == 0, chinese.err
    assert json.loads(english.out) and json.loads(chinese.out) == json.loads(english.out)
    unknown = cli("conf", "list", "--country", "火星国")
    assert unknown.code == 2 and unknown.err.count("\n") == 1, unknown.err
