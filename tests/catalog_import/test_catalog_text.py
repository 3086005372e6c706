"""Date text and place text as the sources write them."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.catalog.importers.datetext import parse_date_range
from tracker.catalog.importers.placetext import locate, locate_fields
from tracker.catalog.importers.validate import plain_text
from tracker.errors import Invalid


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("June 3-7, 2026", None, date(2026, 6, 3), date(2026, 6, 7)),
        ("Nov 02-08, 2024", None, date(2024, 11, 2), date(2024, 11, 8)),
        ("April 29-May 4, 2025", None, date(2025, 4, 29), date(2025, 5, 4)),
        ("March, 30 - April 3, 2026", None, date(2026, 3, 30), date(2026, 4, 3)),
        ("September 29 to October 2, 2026", None, date(2026, 9, 29), date(2026, 10, 2)),
        ("August 30 - Septemper 1, 2024", None, date(2024, 8, 30), date(2024, 9, 1)),
        ("December 6, 2026", None, date(2026, 12, 6), date(2026, 12, 6)),
        ("August 24–26, 2026", None, date(2026, 8, 24), date(2026, 8, 26)),
        ("November 30 - December 3", 2025, date(2025, 11, 30), date(2025, 12, 3)),
        ("December 30, 2024 - January 3, 2025", None, date(2024, 12, 30), date(2025, 1, 3)),
    ],
)
def test_date_text_reads_as_a_range(text: str, year: int | None, start: date, end: date) -> None:
    assert parse_date_range(text, year) == (start, end)


@pytest.mark.parametrize(
    "text", ["August 2027 (exact dates TBD)", "April 2024", "February 30-31, 2025", "TBD"]
)
def test_date_text_without_real_days_is_not_a_range(text: str) -> None:
    with pytest.raises(Invalid):
        parse_date_range(text, 2025)


@pytest.mark.parametrize(
    ("text", "city", "country", "mode"),
    [
        ("Miami, Florida, USA", "Miami", "US", "in-person"),
        ("New Orleans, Louisiana", "New Orleans", "US", "in-person"),
        ("Atlanta, Georgia AND Online", "Atlanta", "US", "hybrid"),
        ("Hybrid (Dubrovnik, Croatia)", "Dubrovnik", "HR", "hybrid"),
        ("Málaga, Spain (hybrid)", "Málaga", "ES", "hybrid"),
        ("Hilton Union Square, San Francisco, USA", "San Francisco", "US", "in-person"),
        ("San Diego Convention Center, USA", "San Diego", "US", "in-person"),
        ("Baltimore, Maryland USA", "Baltimore", "US", "in-person"),
        ("Istanbul, Türkiye", "Istanbul", "TR", "in-person"),
        ("Virtual", None, None, "virtual"),
        ("Online", None, None, "virtual"),
    ],
)
def test_place_text_is_geocoded_offline(text: str, city: str | None, country: str | None, mode: str) -> None:
    place = locate(text)
    assert (place.city, place.country, place.mode) == (city, country, mode)
    assert (place.latitude is None) == (city is None)
    assert place.problems == ()


def test_an_unplaceable_place_is_kept_as_text_with_a_warning() -> None:
    place = locate("Atlantis, Greece")  # no city or region of that name
    assert place.country == "GR" and place.latitude is None and place.city == "Atlantis"
    assert place.problems and "cannot geocode" in place.problems[0][1]


@pytest.mark.parametrize(
    ("text", "region", "town", "near"),
    [
        ("Texas, USA", "TX", None, (29.76, -95.36)),  # Houston
        ("Hawaii, EEUU", "HI", None, (21.31, -157.86)),  # Honolulu
        ("Hawai'i, USA", "HI", None, (21.31, -157.86)),
        ("Hawaii Convention Center,Hawaii, USA", "HI", None, (21.31, -157.86)),
        ("Wonderland Springs, FL, USA", "FL", "Wonderland Springs", (30.33, -81.66)),  # Jacksonville
    ],
)
def test_a_us_state_without_a_known_city_is_placed_at_its_biggest_city_with_a_warning(
    text: str, region: str, town: str | None, near: tuple[float, float]
) -> None:
    place = locate(text)
    assert (place.country, place.region, place.city) == ("US", region, town)
    assert place.latitude == pytest.approx(near[0], abs=0.1)
    assert place.longitude == pytest.approx(near[1], abs=0.1)
    assert place.problems and "biggest city" in place.problems[0][1]


def test_a_city_joined_to_its_quarter_by_a_hyphen_is_the_city() -> None:
    place = locate("Ferrara-Pontelagoscuro, Italy")
    assert (place.city, place.country, place.problems) == ("Ferrara", "IT", ())


def test_hf_country_that_is_a_region_is_dropped_and_reported() -> None:
    place = locate_fields("Lucca", "Tuscany")  # hf ECIR 2025
    assert place.country == "IT" and place.city == "Lucca"
    assert [field for field, _ in place.problems] == ["country"]


def test_notes_lose_their_html_but_keep_their_links() -> None:
    note = "More info <a href='https://x.org/cfp'>here</a>. Deadline &amp; more."
    assert plain_text(note) == "More info here (https://x.org/cfp). Deadline & more."
