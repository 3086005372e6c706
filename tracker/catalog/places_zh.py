"""Chinese names of cities and countries, as the English names tracker resolves.

Cities: ``data/catalog/place_names_zh.json`` (GeoNames' Chinese alternate names of the big
cities and the conference towns, made by tools/make_zh_place_names.py) maps 北京 to
"Beijing, CN". Countries: pycountry's own Chinese translations of ISO 3166 (Simplified and
Traditional), and the short names people say where ISO's is long (韩国 for 大韩民国).
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache

from tracker import config

_HAN_CLASS = "[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# The everyday names of countries whose ISO 3166 translation is the long form (大韩民国,
# 中国台湾省, 伊朗伊斯兰共和国): written by hand, the names in common use.
_SHORT_NAMES = {
    "韩国": "KR",
    "南韩": "KR",
    "韓國": "KR",
    "台湾": "TW",
    "臺灣": "TW",
    "朝鲜": "KP",
    "伊朗": "IR",
}
# "北京，中国" with the fullwidth comma a Chinese keyboard types.
_COMMAS = str.maketrans({"，": ",", "、": ","})


def has_han(text: str) -> bool:
    # An ASCII name (most homes typed) has no Han and needs no pattern: compiling the class
    # of ranges takes 2 ms, a part of every recommend's start-up.
    return not text.isascii() and _han().search(text) is not None


@lru_cache(maxsize=1)
def _han() -> re.Pattern[str]:
    return re.compile(_HAN_CLASS)


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    path = config.data_dir() / "catalog" / "place_names_zh.json"
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    table.pop("_about", None)
    return table


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import gettext

    import pycountry

    names: dict[str, str] = {}
    for language in ("zh_TW", "zh_HK", "zh_CN"):  # Simplified last: it wins a clash
        catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for country in pycountry.countries:
            for english in (country.name, getattr(country, "official_name", None)):
                if english and (chinese := catalog.gettext(english)) != english:
                    names[chinese] = country.alpha_2
    return names | _SHORT_NAMES


def country(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a Chinese country name (中国 -> CN), else None."""
    return _countries().get(name.strip()) if has_han(name) else None


def in_english(text: str) -> str:
    """A place typed in Chinese as tracker's English: 北京 -> "Beijing, CN", "悉尼，澳大利亚" ->
    "Sydney, AU"; a name it does not know, and any text without Chinese, is returned as typed."""
    if not has_han(text):
        return text
    city, _, rest = text.translate(_COMMAS).partition(",")
    english = _cities().get(city.strip())
    if english is None:
        return text
    if not rest.strip():
        return english
    # "City, Country": the country typed is kept, so that a wrong one is still an error.
    where = rest.strip()
    code = country(where)
    return f"{english.split(',')[0]}, {code or where}"


def close_cities(text: str) -> list[str]:
    """Chinese city names close to a mistyped one (北亰 -> 北京), for suggestions."""
    if not has_han(text):
        return []
    return difflib.get_close_matches(text.strip(), list(_cities()), n=3, cutoff=0.5)
