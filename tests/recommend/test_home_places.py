"""The home-city memo (data/recommend/home_places.json) must agree with resolve_city."""

from __future__ import annotations

import json

import pytest

from tracker import config
from tracker.catalog.places import resolve_city


def test_memo_agrees_with_resolve_city_for_every_name() -> None:
    memo = json.loads((config.data_dir() / "recommend" / "home_places.json").read_text(encoding="utf-8"))
    memo.pop("_about")
    assert len(memo) > 1000 and {"berlin", "beijing", "paris", "new york city"} <= set(memo)
    for name, (city, country, lat, lon) in memo.items():
        place = resolve_city(name)
        assert (place.city, place.country) == (city, country), name
        assert place.latitude == pytest.approx(lat) and place.longitude == pytest.approx(lon), name


def test_names_outside_the_memo_still_resolve_and_fail_as_before() -> None:
    from tracker.errors import Invalid, NotFound
    from tracker.recommend.profile import resolve_home

    assert resolve_home("Potsdam").country == "DE"  # below the memo's population floor
    assert resolve_home("  BERLIN ").city == "Berlin"  # folded like resolve_city folds
    with pytest.raises(NotFound, match="--home: unknown city"):
        resolve_home("Atlantisopolis")
    with pytest.raises(Invalid, match="ambiguous"):
        resolve_home("Springfield")
