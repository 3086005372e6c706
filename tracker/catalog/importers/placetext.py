"""A place as the sources write it ("Miami, Florida, USA") to city, region, country and coordinates.

Offline, through :mod:`tracker.catalog.places` (GeoNames cities, ISO 3166 countries).

- ``Virtual``, ``Online``, ``Virtual conference`` -> mode ``virtual`` and no place;
  ``... and virtual``, ``(hybrid)``, ``Hybrid (Dubrovnik, Croatia)``, ``AND Online`` -> ``hybrid``.
- The country is the last part that names one (``USA``, ``The Netherlands``, ``Türkiye``); a
  last part that is a US state (``New Orleans, Louisiana``) means the United States.
- The city is the first part that geocodes in that country (``Arizona State University, Phoenix,
  USA`` -> Phoenix). When no part does, the city named in that country is retried worldwide
  (``Taipei, China`` -> Taipei, TW) and the geocoder's country is used, with a warning.
- ``TBD`` is no place yet (no warning). A place that cannot be geocoded is kept as text with
  whatever country was found, and the gate reports a warning: never a rejection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from tracker.catalog import places
from tracker.errors import TrackerError
from tracker.text import fold

_VIRTUAL = {"virtual", "online", "virtual conference", "virtual event", "online conference"}
_HYBRID_BITS = re.compile(
    r"\(\s*(?:and\s+)?hybrid\s*\)|[;,]?\s*\band\s+(?:virtual|online)\b|\bhybrid\b", re.IGNORECASE
)
_NOISE = re.compile(r"\b(?:SAR|S\.A\.R\.)\b|\.$", re.IGNORECASE)
_NO_PLACE = {"tbd", "tba", "to be announced", "to be determined"}


@dataclass(frozen=True)
class Located:
    text: str
    mode: str = "in-person"
    city: str | None = None
    region: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # (field, why) the place is incomplete or was changed: the gate turns these into warnings.
    problems: tuple[tuple[str, str], ...] = ()


# Country names the sources use that ISO 3166 and places.py do not know.
_EXTRA_COUNTRIES = {"eeuu": "US", "korea": "KR"}
# Words of venue names that are never the city ("San Diego Convention Center" -> "San Diego").
_VENUE_WORDS = {
    "university", "center", "centre", "convention", "congress", "exhibition", "island", "conference",
    "of", "the", "and", "&", "school", "institute", "expo", "resort", "spa", "hotel", "palais", "des",
}  # fmt: skip
# A city found in another country than the text says is accepted only when it is big
# ("Taipei, China", "Macau, China"): a small namesake abroad is a wrong guess.
_BIG_CITY = 300_000

#: (name, country, region) -> a town the everyday index leaves out, or None. Only the
#: builder of the places file (tools/build_places_cache.py) has one: its index is slow to load.
SmallTowns = Callable[[str, str, str | None], places.Place | None]


@lru_cache(maxsize=1024)
def _country(part: str) -> str | None:
    extra = _EXTRA_COUNTRIES.get(fold(part))
    if extra:
        return extra
    try:
        return places.country_code(part)
    except TrackerError:
        return None


@lru_cache(maxsize=4096)
def _geocode(city: str, country: str | None, region: str | None = None) -> places.Place | None:
    """The biggest place of that name (in that country and region when given), or None.

    Unlike :func:`places.resolve_city` this does not refuse a namesake: conference towns
    are the big ones (Suzhou, Jiangsu rather than Suzhou, Anhui), and a region narrows it.
    """
    try:
        found = places.candidates(city, country)
    except TrackerError:
        return None
    exact = [p for p in found if fold(p.city) == fold(city)] or found
    if region:
        exact = [p for p in exact if p.region == region] or ([] if country == "US" else exact)
    return exact[0] if exact else None


def _spans(part: str) -> list[str]:
    """The part itself, then its word prefixes and suffixes that may be a city name."""
    words = part.split()
    out = [part]
    for n in range(len(words) - 1, 0, -1):
        for span in (words[:n], words[-n:]):
            if not any(w.lower() in _VENUE_WORDS for w in span):
                out.append(" ".join(span))
    return out


def _split(text: str) -> list[str]:
    """Parts of a place text; a parenthesis is its own part: 'Atlanta (GA)' -> Atlanta, GA."""
    text = text.replace("(", ",").replace(")", ",").replace(";", ",")
    return [p.strip(" .") for p in text.split(",") if p.strip(" .")]


def locate(text: str) -> Located:
    """City, region, country and coordinates of a place text ("Miami, Florida, USA")."""
    hit = _cached(place_key(text))
    return hit if hit is not None else _locate(text)


def locate_fields(city: str | None, country: str | None) -> Located:
    """The same for separate city and country fields (huggingface).

    A ``country`` that is a US state (CVPR 2025: ``Tennessee``) becomes country US with the
    state as region; another non-country (``Tuscany``) is ignored. Either is reported on
    the ``country`` field.
    """
    hit = _cached(fields_key(city, country))
    return hit if hit is not None else _locate_fields(city, country)


def locate_live(text: str, small_towns: SmallTowns) -> Located:
    """:func:`locate` without the places file, looking up small towns too (for its builder)."""
    return _locate(text, "place", small_towns)


def locate_fields_live(city: str | None, country: str | None, small_towns: SmallTowns) -> Located:
    """:func:`locate_fields` without the places file, looking up small towns too (for its builder)."""
    return _locate_fields(city, country, small_towns)


@lru_cache(maxsize=2048)
def _locate_fields(city: str | None, country: str | None, small_towns: SmallTowns | None = None) -> Located:
    notes: list[tuple[str, str]] = []
    region: str | None = None
    if country and _country(country) is None:
        state = places.us_state_code(country)
        if state is not None:
            message = f"{country!r} is a US state, not a country; stored as country US, region {state}"
            notes.append(("country", message))
            country, region = "USA", state
        else:
            notes.append(("country", f"{country!r} is not a country (ISO 3166); ignored"))
            country = None
    text = ", ".join(p for p in (city, region, country) if p)
    located = _locate(text, "city", small_towns)
    return Located(
        located.text,
        located.mode,
        located.city,
        located.region,
        located.country,
        located.latitude,
        located.longitude,
        (*notes, *located.problems),
    )


@lru_cache(maxsize=2048)
def _locate(text: str, field: str = "place", small_towns: SmallTowns | None = None) -> Located:
    original = " ".join(text.split())
    folded = fold(original).strip(" .")
    if not folded or folded in _NO_PLACE:
        return Located(original)
    if folded in _VIRTUAL or folded.startswith(("online (", "virtual (")):
        return Located(original, mode="virtual")
    mode = "in-person"
    body = original
    if _HYBRID_BITS.search(body):
        mode = "hybrid"
        body = _HYBRID_BITS.sub(" ", body)
    body = _NOISE.sub("", body)
    parts = _split(body)
    if not parts:
        return Located(original, mode=mode)

    country: str | None = None
    region: str | None = None
    rest = list(parts)
    # Walk from the end: the country, then perhaps a state or region.
    for i in range(len(rest) - 1, -1, -1):
        words = rest[i].split()
        state = places.us_state_code(rest[i])
        code = _country(rest[i])
        # "Atlanta, Georgia": the state, when the city is there.
        if (
            code is not None
            and state is not None
            and i > 0
            and any(_geocode(name, "US", state) for part in rest[:i] for name in _spans(part))
        ):
            code = None
        if code is None and len(words) > 1 and _country(words[-1]):
            # "Maryland USA": the country glued to the state.
            country = _country(words[-1])
            rest = [*rest[:i], " ".join(words[:-1])]
            break
        if code is not None:
            country = code
            rest = rest[:i]
            break
        if state is not None and i > 0:
            country, region = "US", state
            rest = rest[:i]
            break
    if country == "US" and region is None and rest:
        state = places.us_state_code(rest[-1])
        if state is not None and len(rest) > 1:
            region, rest = state, rest[:-1]

    candidates: list[str] = []
    for part in rest or parts:
        candidates.extend(_spans(part))
        words = part.split()
        if len(words) > 1 and places.us_state_code(words[-1]):
            candidates.append(" ".join(words[:-1]))  # "Boca Raton FL"
        for mark in ("/", "-"):  # "Lugano-Viganello": a city and its quarter
            if mark in part:
                candidates.extend(p.strip() for p in part.split(mark))
    for name in candidates:
        found = _geocode(name, country, region)
        if found is not None:
            return _located(original, mode, found, region)
    if small_towns is not None and country is not None:
        for name in candidates:
            if places.us_state_code(name):
                continue  # a state alone is the region's (below), not a town of its name
            found = small_towns(name, country, region)
            if found is not None:
                return _located(original, mode, found, region)
    state = region or next((code for part in rest if (code := places.us_state_code(part))), None)
    if country == "US" and state is not None:
        return _in_region(original, mode, field, state, rest)
    named = _named_region(country, candidates)
    if named is not None:
        return _in_named_region(original, mode, field, *named)
    problems: list[tuple[str, str]] = []
    for name in candidates:
        found = _geocode(name, None)
        if found is not None and country is not None and found.population >= _BIG_CITY:
            problems.append((field, f"{name!r} is in {found.country}, not {country}; used {found.country}"))
            return _located(original, mode, found, region, tuple(problems))
    city = rest[0] if rest else None
    if city is None and country is None:
        problems.append((field, f"cannot place {original!r} (no known city or country)"))
    elif city is None:
        problems.append((field, f"{original!r} names no city; stored without coordinates"))
    else:
        problems.append((field, f"cannot geocode the city {city!r}; stored without coordinates"))
    return Located(original, mode, city, region, country, None, None, tuple(problems))


def _in_region(text: str, mode: str, field: str, state: str, rest: list[str]) -> Located:
    """A text that names a US state but no city we know ("Texas, USA", "Buena Vista, FL"):
    placed at the state's biggest city, good enough for a distance, and reported."""
    found = places.biggest_city_in("US", state)
    if found is None:
        return Located(text, mode, None, state, "US", None, None, ((field, f"cannot place {text!r}"),))
    town = next((p for p in reversed(rest) if places.us_state_code(p) is None and not _venue_like(p)), None)
    why = f"{text!r} names no city we know in {state}; placed at its biggest city, {found.city}"
    return Located(text, mode, town, state, "US", found.latitude, found.longitude, ((field, why),))


@lru_cache(maxsize=1)
def _regions() -> dict[str, dict[str, str]]:
    """data/catalog/regions.yml: country -> folded region name -> GeoNames admin1 code."""
    import yaml

    from tracker import config

    text = (config.data_dir() / "catalog" / "regions.yml").read_text(encoding="utf-8")
    table: dict[str, dict[str, str]] = yaml.safe_load(text)["regions"]
    return {
        country: {fold(name): str(code) for name, code in names.items()} for country, names in table.items()
    }


def _named_region(country: str | None, names: list[str]) -> tuple[str, str, str] | None:
    """(country, admin1 code, the name as written) of the first name that is a known region."""
    known = _regions().get(country or "", {})
    return next(((country or "", known[fold(n)], n) for n in names if fold(n) in known), None)


def _in_named_region(text: str, mode: str, field: str, country: str, code: str, name: str) -> Located:
    """A text that names a region but no city ("Bali, Indonesia"): placed at the region's
    biggest city, as a US state is, and reported."""
    found = places.biggest_city_in(country, code)
    if found is None:
        return Located(text, mode, None, code, country, None, None, ((field, f"cannot place {text!r}"),))
    why = f"{text!r} names no city, only the region {name}; placed at its biggest city, {found.city}"
    # The city column keeps the region's name: "Bali, ID" is what the person should read.
    return Located(text, mode, name, code, country, found.latitude, found.longitude, ((field, why),))


def is_region_name(country: str | None, name: str) -> bool:
    """Whether ``name`` is a region of ``country`` named alone (data/catalog/regions.yml)."""
    return fold(name) in _regions().get(country or "", {})


def _venue_like(part: str) -> bool:
    return any(w.lower() in _VENUE_WORDS for w in part.split())


def _located(
    text: str, mode: str, found: places.Place, region: str | None, problems: tuple[tuple[str, str], ...] = ()
) -> Located:
    return Located(
        text=text,
        mode=mode,
        city=found.city,
        region=region or found.region,
        country=found.country,
        latitude=found.latitude,
        longitude=found.longitude,
        problems=problems,
    )


# --- the bundled places, geocoded ahead of time -----------------------------------------------
#
# Loading the GeoNames index takes most of a second; the bundled catalog's places are
# always the same, so their answers are kept in data/catalog/places.json (built by
# ``python tools/build_places_cache.py``, which a test checks reproduces the file).
# Building it may take longer, so it also looks up towns down to 1,000 people (Banff,
# Davos, Waikoloa, Hagenberg) that the everyday index of cities over 15,000 leaves out.
# A place not in that file is geocoded live with the everyday index.

CACHE_FILE = ("catalog", "places.json")


def place_key(text: str) -> str:
    """The places file's key of a place text."""
    return f"place={text}"


def fields_key(city: str | None, country: str | None) -> str:
    """The places file's key of separate city and country fields."""
    return f"city={city}|country={country}"


@lru_cache(maxsize=1)
def _cache_table() -> dict[str, Located]:
    import json

    from tracker import config

    path = config.data_dir().joinpath(*CACHE_FILE)
    if not path.exists():
        return {}
    table = json.loads(path.read_text(encoding="utf-8"))
    return {
        key: Located(**{**value, "problems": tuple(tuple(p) for p in value.get("problems", ()))})
        for key, value in table.items()
    }


def _cached(key: str) -> Located | None:
    return _cache_table().get(key)
