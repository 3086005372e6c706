"""``tracker import`` of nonsense: nothing read is an error, and good data is never overwritten.

Each test starts from the seeded bundled catalog and compares every catalog table before
and after: a refused import changes nothing at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tracker import config

SOURCES = config.data_dir() / "catalog" / "sources"
CATALOG_TABLES = ("series", "series_alias", "series_topic", "quality_signal", "accept_rate", "edition",
                  "deadline", "edition_source")  # fmt: skip


def catalog_dump() -> dict[str, list[Any]]:
    conn = sqlite3.connect(os.environ["TRACKER_DB"])
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in CATALOG_TABLES}
    finally:
        conn.close()


def series_name(key: str) -> str | None:
    conn = sqlite3.connect(os.environ["TRACKER_DB"])
    try:
        row = conn.execute("SELECT name FROM series WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("title: [unclosed\n", "not valid YAML"),
        ("42\n", "expected a list"),
        ("- 1\n- two\n", "not a mapping"),
        ("[]\n", "holds no pwc entries"),
        ("", "expected a list"),
    ],
    ids=["not-yaml", "a-scalar", "not-mappings", "an-empty-list", "an-empty-file"],
)
def test_a_file_with_nothing_readable_is_an_error(cli: Cli, tmp_path: Path, text: str, why: str) -> None:
    before = catalog_dump()
    path = tmp_path / "conferences.yml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path), "--format", "pwc")
    assert result.code == 1, result.out
    assert result.err.startswith(f"tracker: error: nothing read from {path}") and why in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert catalog_dump() == before


@pytest.mark.parametrize(
    ("folder", "given", "written_for"),
    [
        ("hf", "pwc", "hf"),
        ("hf", "ccf", "hf"),
        ("pwc/conferences.yml", "hf", "pwc"),
        ("pwc/conferences.yml", "ccf", "pwc"),
        ("ccf", "hf", "ccf"),
        ("ccf", "pwc", "ccf"),
    ],
)
def test_a_wrong_format_is_refused_and_changes_nothing(
    cli: Cli, folder: str, given: str, written_for: str
) -> None:
    before = catalog_dump()
    result = cli("import", str(SOURCES / folder), "--format", given)
    assert result.code == 1, result.out
    assert f"not a {given} file: it looks like {written_for}" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert catalog_dump() == before
    # ccf read as hf used to rename NeurIPS to its acronym.
    assert series_name("nips") == "Conference on Neural Information Processing Systems"


def test_a_folder_that_mixes_formats_imports_only_the_files_of_the_format_given(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    (folder / "conferences").mkdir(parents=True)  # labelled as in the seed: conferences/neurips.yml
    hf_file = "conferences/neurips.yml"
    (folder / hf_file).write_bytes((SOURCES / "hf" / hf_file).read_bytes())
    (folder / "conferences.yml").write_bytes((SOURCES / "pwc" / "conferences.yml").read_bytes())
    result = cli("import", str(folder), "--format", "hf", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    [refused] = report["rejected"]
    assert (refused["record"], refused["field"]) == ("hf:conferences.yml", "(file)")
    assert refused["reason"].startswith("not a hf file: it looks like pwc (its entries have place, sub")
    assert report["updated"] == [] and report["unchanged"]  # neurips.yml, as seeded


def test_an_empty_path_is_refused_not_read_as_this_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    (here / "x.yml").write_bytes((SOURCES / "pwc" / "conferences.yml").read_bytes())
    monkeypatch.chdir(here)
    before = catalog_dump()
    result = cli("import", "", "--format", "pwc")
    assert result.code == 2
    assert "PATH" in result.err and "empty" in result.err and result.err.count("\n") == 1
    assert catalog_dump() == before


def test_a_rejected_record_leaves_no_series_behind(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "conferences.yml"
    phantom = "- title: PHANTOMCONF\n  year: twenty\n  id: phantom26\n  place: Paris, France\n  sub: ML\n"
    path.write_text(phantom, encoding="utf-8")
    before = catalog_dump()
    alone = cli("import", str(path), "--format", "pwc")
    assert alone.code == 1 and "every record was rejected (1); nothing stored" in alone.err
    assert catalog_dump() == before

    good = (
        "- title: GOODCONF\n  year: 2026\n  id: goodconf26\n  place: Paris, France\n  sub: ML\n"
        "  start: 2026-06-01\n  end: 2026-06-03\n  deadline: '2026-02-01 23:59:59'\n  timezone: AoE\n"
    )
    path.write_text(good + phantom, encoding="utf-8")
    mixed = cli("import", str(path), "--format", "pwc", "--json")
    assert mixed.code == 0, mixed.err
    report = json.loads(mixed.out)
    assert [r["record"] for r in report["rejected"]] == ["pwc:phantom26"]
    assert "series goodconf" in report["added"]
    assert series_name("goodconf") == "GOODCONF" and series_name("phantomconf") is None


def test_a_fetched_file_of_another_format_gives_no_records() -> None:
    from tracker.catalog.importers.service import parse_format

    text = (SOURCES / "pwc" / "conferences.yml").read_text(encoding="utf-8")
    batch = parse_format("hf")(text, "conferences.yml")
    assert (batch.series, batch.rates, batch.files) == ([], [], 1)
    [issue] = batch.issues
    assert issue.line().startswith("hf:conferences.yml: (file): not a hf file: it looks like pwc")
    # The same text as the format it was written for reads as before.
    assert len(parse_format("pwc")(text, "conferences.yml").series) > 20
