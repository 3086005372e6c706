"""Importing a part of an upstream checkout over the seeded catalog: a folder or one file.

A new user who has a ccf-deadlines checkout may import just ``conference/AI``, or one hf
series file. The bundled catalog holds the same files, named as the whole checkout names them
(``conference/AI/aaai.yml``); a part must be named alike, or every series it holds reads as
"updated" (its provenance renamed ``ccf:aaai.yml``) though nothing in its data changed. A part
is not the source's whole listing either: importing it withdraws nothing of the other areas.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import Cli
from tracker import config, db
from tracker.models.catalog import Edition, QualitySignal

SOURCES = config.data_dir() / "catalog" / "sources"


@pytest.fixture
def database_template() -> str:
    return "seeded"


@pytest.fixture
def checkouts(tmp_path: Path) -> Path:
    """The bundled upstream files laid out as the two repositories keep them."""
    shutil.copytree(SOURCES / "ccf", tmp_path / "ccf-deadlines")
    hf_folder = tmp_path / "ai-deadlines" / "src" / "data" / "conferences"
    shutil.copytree(SOURCES / "hf" / "conferences", hf_folder)
    return tmp_path


def _import(cli: Cli, path: Path, fmt: str) -> dict[str, Any]:
    result = cli("import", str(path), "--format", fmt, "--json")
    assert result.code == 0, result.err
    report: dict[str, Any] = json.loads(result.out)
    return report


def _provenance(db_url: str) -> list[str]:
    with db.session(db_url) as s:
        return sorted(s.scalars(select(QualitySignal.provenance)).all())


def _editions(db_url: str) -> int:
    with db.session(db_url) as s:
        return int(s.scalar(select(func.count()).select_from(Edition)) or 0)


@pytest.mark.parametrize(
    ("part", "fmt"),
    [
        ("ccf-deadlines/conference/AI", "ccf"),
        ("ccf-deadlines/conference/AI/aaai.yml", "ccf"),
        ("ai-deadlines/src/data/conferences", "hf"),
        ("ai-deadlines/src/data/conferences/neurips.yml", "hf"),
    ],
)
def test_a_part_of_a_checkout_equal_to_the_bundled_data_changes_nothing(
    cli: Cli, db_url: str, checkouts: Path, part: str, fmt: str
) -> None:
    provenance, editions = _provenance(db_url), _editions(db_url)
    report = _import(cli, checkouts / part, fmt)
    assert report["added"] == [] and report["updated"] == [], (report["added"], report["updated"])
    assert report["unchanged"] and report["withdrawn"] == []
    assert _provenance(db_url) == provenance
    assert _editions(db_url) == editions


def test_records_of_a_part_are_named_as_the_checkout_names_them(cli: Cli, checkouts: Path) -> None:
    (checkouts / "ccf-deadlines" / "conference" / "AI" / "aaai.yml").write_bytes(b"title: \xff\xfe AAAI\n")
    report = _import(cli, checkouts / "ccf-deadlines" / "conference" / "AI", "ccf")
    records = {r["record"] for r in report["rejected"]} | {w["record"] for w in report["warnings"]}
    assert any(r.startswith("ccf:conference/AI/aaai.yml") for r in records), records
    assert not any(r.startswith("ccf:aaai.yml") for r in records), records
