"""The shipped visa data: the whole Passport Index matrix, its date, and a lead time for every category."""

from __future__ import annotations

import pytest

from tracker.recommend import visas


def test_the_matrix_covers_every_passport_and_destination_with_known_values() -> None:
    table = visas.table()
    assert table.as_of == "2025-01-12"
    assert len(table.lines) == 199 and len(table.destinations) == 199
    for passport in table.lines:
        for destination in table.destinations:
            need = visas.requirement(passport, destination)
            assert need is not None and need.category in visas.CATEGORIES, (passport, destination)
    assert visas.requirement("ZZ", "US") is None and visas.requirement("CN", "ZZ") is None


@pytest.mark.parametrize(
    ("passport", "destination", "category", "days"),
    [
        ("CN", "US", "visa required", None),  # the values of the dataset as of 2025-01-12
        ("CN", "KR", "e-visa", None),
        ("CN", "SG", "visa free", 30),
        ("DE", "US", "eta", None),  # ESTA
        ("HK", "DE", "visa free", 90),
        ("CN", "CN", "own country", None),
    ],
)
def test_known_requirements(passport: str, destination: str, category: str, days: int | None) -> None:
    need = visas.requirement(passport, destination)
    assert need is not None and (need.category, need.free_days) == (category, days)


def test_every_category_has_a_typical_lead_time_and_they_rise_with_the_paperwork() -> None:
    leads = [visas.requirement("CN", d) for d in ("CN", "SG", "KR", "US")]
    days = [need.lead_days for need in leads if need is not None and need.lead_days is not None]
    assert len(days) == 4 and days == sorted(days) and days[0] == 0 and days[-1] >= 60
    assert set(visas.table().lead_days) == set(visas.CATEGORIES)
    assert visas.table().lead_days["no admission"] is None  # no lead time is enough
