"""The build tools (tools/, outside the package) reproduce the shipped data files byte for byte.

A failure means the shipped file is stale (the sources or the geocoder changed): run the tool
named in the message and commit the file it writes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from tracker import config

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _tool(name: str) -> ModuleType:
    """A tool imported by its path (tools/ is not a package and not in the wheel)."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_places_builder_reproduces_data_catalog_places_json() -> None:
    builder = _tool("build_places_cache")
    table = builder.bundled_places()
    shipped = (config.data_dir() / "catalog" / "places.json").read_text(encoding="utf-8")
    assert len(table) > 300
    assert builder.render(table) == shipped, "stale: run python tools/build_places_cache.py"


def test_the_home_places_builder_reproduces_data_recommend_home_places_json() -> None:
    builder = _tool("make_home_places")
    shipped = (config.data_dir() / "recommend" / "home_places.json").read_text(encoding="utf-8")
    assert builder.render(builder.build()) == shipped, "stale: run python tools/make_home_places.py"


def test_the_chinese_place_names_builder_reproduces_data_catalog_place_names_zh_json() -> None:
    builder = _tool("make_zh_place_names")
    shipped = (config.data_dir() / "catalog" / "place_names_zh.json").read_text(encoding="utf-8")
    assert builder.render(builder.build()) == shipped, "stale: run python tools/make_zh_place_names.py"


def test_the_workshops_builder_reproduces_the_shipped_records_of_real_calls() -> None:
    """Nine real calls (tests/fixtures/mlrbench) give exactly the records data/catalog/workshops.yml ships."""
    import yaml

    builder = _tool("build_workshops")
    built = builder.build(Path(__file__).parent / "fixtures" / "mlrbench")
    shipped = yaml.safe_load((config.data_dir() / "catalog" / "workshops.yml").read_text(encoding="utf-8"))
    by_call = {r["call"]: r for r in shipped["workshops"]}
    assert len(by_call) == 201
    assert len(built) == 9
    for record in built:
        stale = f"stale: run python tools/build_workshops.py ({record['call']})"
        assert record == by_call[record["call"]], stale


def test_the_places_builder_finds_towns_the_everyday_index_leaves_out() -> None:
    small_town = _tool("build_places_cache").small_town
    found = {
        name: (p.city, p.country) if (p := small_town(name, country, region)) else None
        for name, country, region in [
            ("Waikoloa", "US", "HI"),  # 4,806 people
            ("St. Julians", "MT", None),  # an alternate name of San Ġiljan, spelt loosely
            ("Mai Khao", "TH", None),  # the last words of Ban Mai Khao
            ("Bangaluru", "IN", None),  # a close spelling of one big city (not Mangaluru)
            ("Buena Vista", "US", "FL"),  # towns of that name elsewhere in the US: none in FL
        ]
    }
    assert found == {
        "Waikoloa": ("Waikoloa", "US"),
        "St. Julians": ("San Ġiljan", "MT"),
        "Mai Khao": ("Ban Mai Khao", "TH"),
        "Bangaluru": ("Bengaluru", "IN"),
        "Buena Vista": None,
    }
