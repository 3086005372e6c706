"""Parsing people's catalog filters (``--rank core:A``, ``--within 30d``, ``--topic nlp`` ...).

Each parser raises :class:`Invalid` (exit 2) naming the option, so every command that
takes these options reports a bad value the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from tracker.errors import Invalid
from tracker.i18n import N_, Message, _
from tracker.models.catalog_tables import (
    DEADLINE_TYPES,
    EDITION_KINDS,
)

RANK_SOURCES = ("core", "ccf", "thcpl", "era")
_WITHIN = re.compile(r"^\s*(\d+)\s*([hdwm]?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"h": 1 / 24, "d": 1, "": 1, "w": 7, "m": 30}
MAX_WITHIN_DAYS = 3650


# --- parsing people's filter values (Invalid = exit 2) --------------------------------


def parse_rank(text: str) -> tuple[str, list[str]]:
    """``core:A`` -> ("core", ["A*", "A"]): that rank or better, on the documented scale."""
    source, sep, value = text.partition(":")
    source = source.strip().lower()
    if not sep or source not in RANK_SOURCES:
        raise Invalid(
            Message(
                N_("--rank: expected LIST:RANK with LIST one of {value}, got {text}"),
                value=", ".join(RANK_SOURCES),
                text=repr(text),
            )
        )
    from tracker.catalog.quality import scales  # its dataclasses: not for every filter's import

    scale = scales().ordinal.get(source, {})
    wanted = scale.get(value.strip().casefold())
    if wanted is None:
        known = "/".join(k.upper() if source != "era" else k for k in scale)
        raise Invalid(
            Message(
                N_("--rank: {source} has no rank {value} (ranks: {known})"),
                source=source,
                value=repr(value.strip()),
                known=known,
            )
        )
    better = [k for k, v in scale.items() if v >= wanted]
    # Stored values keep the list's own case (CORE "A*", ERA "a"); match case-insensitively.
    return source, better


def parse_within(text: str, *, option: str = "--within") -> timedelta:
    """``30d``, ``12h``, ``2w``, ``3m`` (30-day months) or a bare number of days."""
    match = _WITHIN.match(text)
    if not match or int(match.group(1)) == 0:
        raise Invalid(
            _("{option}: expected a duration like 30d, 12h, 2w or 3m, got {text}").format(
                option=option, text=repr(text)
            )
        )
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]
    if days > MAX_WITHIN_DAYS:  # far beyond any catalog, and timedelta's own limit
        raise Invalid(
            Message(
                N_("{option}: at most {MAX_WITHIN_DAYS} days (10 years), got {text}"),
                option=option,
                MAX_WITHIN_DAYS=MAX_WITHIN_DAYS,
                text=repr(text),
            )
        )
    return timedelta(days=days)


# A span as a person reads it, by its unit: "30d" is "30 天" in zh (English keeps what was typed).
_UNIT_WORDS = {"h": N_("{n} h"), "d": N_("{n} d"), "": N_("{n} d"), "w": N_("{n} w"), "m": N_("{n} mo")}


def within_words(text: str) -> str:
    """``--within`` as typed ("30d"), in words of the interface's language when it is not English."""
    from tracker.i18n import language

    match = _WITHIN.match(text)
    if match is None or language() == "en":
        return text
    return _(_UNIT_WORDS[match.group(2).lower()]).format(n=int(match.group(1)))


def parse_types(values: Sequence[str]) -> list[str]:
    """Deadline types (``submission`` is accepted for ``paper``, dashes for underscores)."""
    out = []
    for raw in values:
        for part in raw.split(","):
            value = part.strip().lower().replace("-", "_")
            value = {"submission": "paper", "camera": "camera_ready", "cameraready": "camera_ready"}.get(
                value, value
            )
            if value not in DEADLINE_TYPES:
                raise Invalid(
                    _("--type: unknown deadline type {type} (types: {types})").format(
                        type=repr(part), types=", ".join(DEADLINE_TYPES)
                    )
                )
            out.append(value)
    return out


def parse_kind(text: str) -> str:
    value = text.strip().lower()
    if value not in EDITION_KINDS:
        raise Invalid(
            _("--kind: expected one of {kinds}, got {text}").format(
                kinds=", ".join(EDITION_KINDS), text=repr(text)
            )
        )
    return value


def parse_quality(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise Invalid(
            _("--min-quality: expected a number between 0 and 1, got {value:g}").format(value=value)
        )
    return value


def topic_keys(text: str) -> list[str]:
    """The series topics ``text`` means: the topic and every narrower one (unknown: exit 2)."""
    from tracker.catalog import topics

    try:
        key = topics.require(text)
    except Invalid as exc:
        raise Invalid(
            Message(N_("--topic: {message}"), message=exc.message), suggestions=exc.suggestions
        ) from exc
    return topics.series_topics(key)


def parse_country(text: str) -> str:
    from tracker.catalog.places import country_code

    try:
        return country_code(text)
    except Invalid as exc:
        raise Invalid(
            Message(N_("--country: {message}"), message=exc.message), suggestions=exc.suggestions
        ) from exc


#: Regions people filter by: the GeoNames continents (the codes ``recommend`` uses too).
REGIONS = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}


def parse_region(text: str) -> tuple[str, ...]:
    """The ISO country codes of a region (``EU``, ``Europe``, ``asia``), for ``ListFilters.countries``."""
    from tracker.catalog.places import continent_countries

    value = text.strip().casefold()
    code = next((c for c, name in REGIONS.items() if value in (c.casefold(), name.casefold())), None)
    if code is None:
        known = ", ".join(f"{c} ({name})" for c, name in REGIONS.items())
        raise Invalid(
            Message(N_("--region: expected one of {known}, got {text}"), known=known, text=repr(text))
        )
    return continent_countries(code)
