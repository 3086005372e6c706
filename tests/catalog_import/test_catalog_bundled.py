"""The bundled catalog: a first run on an empty directory finds the real conferences, offline."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tracker.models.catalog import Edition, Series


def test_first_run_on_an_empty_directory_builds_the_real_catalog(
    cli: Any, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import db

    where = isolated / "fresh" / "nested" / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(where))
    info = cli("db", "info", "--json")
    assert info.code == 0, info.err
    counts = json.loads(info.out)["counts"]
    assert counts["series"] > 100 and counts["edition"] > 300 and counts["deadline"] > 800
    assert counts["accept_rate"] > 40 and counts["quality_signal"] > 100
    assert where.exists()

    with db.session() as s:
        neurips = s.scalar(select(Edition).where(Edition.key == "neurips2026"))
        assert neurips is not None and not neurips.estimated
        assert (neurips.city, neurips.country) == ("Sydney", "AU")
        assert neurips.latitude == pytest.approx(-33.87, abs=0.1)
        assert (neurips.start_date, neurips.end_date) == (date(2026, 12, 6), date(2026, 12, 12))
        [paper] = [d for d in neurips.deadlines if d.type == "paper"]
        assert (paper.local_text, paper.timezone) == ("2026-05-06 23:59:59", "AoE")
        assert paper.at_utc == datetime(2026, 5, 7, 11, 59, 59, tzinfo=UTC)
        keys = set(s.scalars(select(Series.key)))
        # AI, vision, language, data mining and IR from all three sources.
        assert {"nips", "icml", "iclr", "cvpr", "iccv", "acl", "emnlp", "kdd", "sigir", "www", "aaai"} <= keys
        assert {"chi", "icassp", "mm"} <= keys  # only pwc/hf list these
        # Every edition from 2020 on, none before.
        assert s.scalar(select(Edition.year).order_by(Edition.year)) == 2020
        # Upstream defects never stop a first run: the repaired ones are in.
        cvpr25 = s.scalar(select(Edition).where(Edition.key == "cvpr2025"))
        assert cvpr25 is not None and (cvpr25.country, cvpr25.region) == ("US", "TN")
        virtual = s.scalar(select(Edition).where(Edition.key == "neurips2021"))
        assert virtual is not None and virtual.mode == "virtual" and virtual.latitude is None
        # Estimated next editions exist for series without an announced one.
        assert s.scalar(select(Edition).where(Edition.estimated.is_(True))) is not None


def test_two_new_databases_are_seeded_with_the_same_catalog(db_url: str, isolated: Path) -> None:
    from tracker import db

    def dump(url: str) -> list[tuple[Any, ...]]:
        with db.session(url) as s:
            return [
                (e.key, e.start_date, e.city, e.latitude, tuple((d.type, d.at_utc) for d in e.deadlines))
                for e in s.scalars(select(Edition).order_by(Edition.key))
            ]

    first = dump(db_url)
    second = dump("sqlite:///" + str(isolated / "second.db"))
    assert first == second and len(first) > 300


def test_the_bundled_data_carries_its_licences() -> None:
    from tracker import config

    root = config.data_dir() / "catalog"
    for source in ("pwc", "hf", "ccf"):
        assert "MIT License" in (root / "sources" / source / "LICENSE").read_text(encoding="utf-8")
    notes = (root / "SOURCES.md").read_text(encoding="utf-8")
    for commit in ("4d6b247f", "de9f41b1", "5f8dce34"):
        assert commit in notes


@pytest.mark.parametrize("laid_out", ["as bundled", "as the upstream checkout"])
def test_importing_the_bundled_sources_over_the_seeded_catalog_changes_nothing(
    cli: Any, tmp_path: Path, laid_out: str
) -> None:
    """Also from a checkout of the upstream repositories (hf's src/data/conferences/, pwc's
    _data/): the records are named alike, so no provenance text changes either."""
    import shutil

    from tracker import config
    from tracker.catalog.seed import BUNDLED, FIRST_YEAR

    upstream = {"hf": "src/data", "pwc": "_data", "ccf": ""}
    for fmt, folder in BUNDLED:
        path = config.data_dir() / "catalog" / "sources" / folder
        if laid_out != "as bundled":
            checkout = tmp_path / fmt
            shutil.copytree(path, checkout / upstream[fmt])
            path = checkout
        result = cli("import", str(path), "--format", fmt, "--json")
        assert result.code == 0, result.err
        report = json.loads(result.out)
        assert report["updated"] == [], report["updated"][:5]
        # The seed keeps editions and rates from FIRST_YEAR on; only older ones are new here.
        assert all(int(item.split()[-1][-4:]) < FIRST_YEAR for item in report["added"]), report["added"]


def test_conf_show_puts_the_city_in_the_table_and_the_long_venue_below(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("conf", "show", "neurips2026").out
    row = next(line for line in out.splitlines() if "▶ neurips2026" in line)
    assert "Sydney, AU" in row
    assert "Satellite" not in out.split("Venue of neurips2026:")[0]  # not in the table
    assert "Venue of neurips2026: International Convention Centre, Sydney" in out


def test_every_bundled_edition_whose_text_names_a_city_or_us_state_is_on_the_map() -> None:
    from tracker import db

    with db.session() as s:
        unplaced = {
            e.key: e.place_text
            for e in s.scalars(select(Edition).where(Edition.latitude.is_(None), Edition.mode != "virtual"))
            if e.place_text and e.place_text.upper() not in {"TBD", "TBA"}
        }
        cikm = s.execute(select(Edition.city, Edition.country).where(Edition.key == "cikm2021")).one()
        cidr = s.execute(select(Edition.city, Edition.region).where(Edition.key == "cidr2024")).one()
    # Bali and Crete, named alone, are placed at their region's biggest city (data/catalog/regions.yml).
    assert unplaced == {}
    # ccf says only "Queensland, Australia"; pwc's "Gold Coast, Queensland, Australia" is kept.
    assert tuple(cikm) == ("Gold Coast", "AU")
    # "Chaminade, USA" names a resort; CIDR 2026 names it with its town.
    assert tuple(cidr) == ("Santa Cruz", "CA")


def test_each_region_named_alone_is_placed_at_the_biggest_city_its_data_names() -> None:
    """data/catalog/regions.yml says which GeoNames region each name is; its biggest city is
    the one named beside it, so a wrong code cannot put Bali somewhere else."""
    import re

    from tracker import config
    from tracker.catalog import places

    text = (config.data_dir() / "catalog" / "regions.yml").read_text(encoding="utf-8")
    for country, code, city in re.findall(r"^  ([A-Z]{2}):\n    \w+: \"?(\w+)\"? +# (\S+)", text, re.M):
        found = places.biggest_city_in(country, code)
        assert found is not None and found.city == city, (country, code, city)
    assert len(re.findall(r"# \S+", text.split("regions:")[1])) == 3
