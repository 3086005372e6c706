"""The walker: a file, a folder, an upstream checkout or its GitHub archive give the same records.

The parsers read text; the walker finds the files. An archive as GitHub serves it (one top
folder, the repository's other YAML beside the catalog) must read exactly like the catalog
folder itself, and the reports must name files the same way.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tracker.catalog.importers import hf
from tracker.catalog.importers.records import Batch
from tracker.catalog.importers.walker import read_path
from tracker.errors import NotFound, TrackerError

FIXTURES = Path(__file__).parent / "fixtures"
# What sits beside the catalog in a checkout and holds no records: none of it may be read.
NOISE = {
    ".github/workflows/ci.yml": "on: push\njobs: {}\n",
    "conference/types.yml": "- sub: AI\n  name: Artificial Intelligence\n",
    "config.yml": "site: ccf-deadlines\n",
    "package.yaml": "name: ccfddl\n",
}


def _summary(batch: Batch) -> dict[str, Any]:
    return {
        "files": batch.files,
        "series": [(s.record_id, s.title, s.dblp, [e.record_id for e in s.editions]) for s in batch.series],
        "rates": [(r.record_id, r.dblp) for r in batch.rates],
        "issues": [i.line() for i in batch.issues],
    }


def _upstream_files(catalog: Path) -> dict[str, bytes]:
    files = {p.relative_to(catalog).as_posix(): p.read_bytes() for p in catalog.rglob("*.yml")}
    return {**files, **{name: text.encode() for name, text in NOISE.items()}}


def _write_archive(path: Path, files: dict[str, bytes], top: str) -> None:
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in files.items():
                archive.writestr(f"{top}/{name}", data)
        return
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("archive_name", ["ccf-deadlines-main.zip", "ccf-deadlines-main.tar.gz"])
def test_a_github_archive_of_the_upstream_repository_reads_like_the_catalog_folder(
    tmp_path: Path, archive_name: str
) -> None:
    folder = read_path(FIXTURES / "ccf", "ccf")
    archive = tmp_path / archive_name
    _write_archive(archive, _upstream_files(FIXTURES / "ccf"), "ccf-deadlines-main")
    assert _summary(read_path(archive, "ccf")) == _summary(folder)
    # The rate files found their conference files: the DBLP key came across.
    assert ("ccf:accept_rates/AI/cvpr.yml#2025", "cvpr") in _summary(folder)["rates"]


def test_a_checkout_is_read_from_its_layout_only(tmp_path: Path) -> None:
    checkout = tmp_path / "ai-deadlines"
    for name, data in {
        **{f"src/data/conferences/{p.name}": p.read_bytes() for p in (FIXTURES / "hf").glob("*.yml")},
        ".pre-commit-config.yaml": b"repos: []\n",
        "src/data/site.yml": b"title: AI deadlines\n",
    }.items():
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_bytes(data)
    batch = read_path(checkout, "hf")
    assert batch.issues == [] and batch.files == len(list((FIXTURES / "hf").glob("*.yml")))
    # Named as the bundled snapshot names it (data/catalog/sources/hf/conferences/).
    assert "hf:conferences/neurips.yml" in {s.record_id for s in batch.series}


def test_a_series_spread_over_two_pwc_files_is_one_series(tmp_path: Path) -> None:
    entry = "- title: ABC\n  year: {y}\n  id: abc{y}\n  place: Paris, France\n  start: {y}-06-01\n"
    (tmp_path / "a.yml").write_text(entry.format(y=2024), encoding="utf-8")
    (tmp_path / "b.yml").write_text(entry.format(y=2025), encoding="utf-8")
    [series] = read_path(tmp_path, "pwc").series
    assert [e.record_id for e in series.editions] == ["pwc:abc2024", "pwc:abc2025"]


def test_a_file_that_is_not_utf8_is_an_issue_naming_it_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "conferences").mkdir()
    (tmp_path / "conferences" / "bad.yml").write_bytes(b"- title: Caf\xe9\n")
    (tmp_path / "conferences" / "neurips.yml").write_bytes((FIXTURES / "hf" / "neurips.yml").read_bytes())
    batch = read_path(tmp_path, "hf")
    [issue] = batch.issues
    assert (issue.record, issue.field) == ("hf:conferences/bad.yml", "(file)")
    assert "cannot read" in issue.reason
    assert {s.record_id for s in batch.series} == {"hf:conferences/neurips.yml"}


def test_the_parser_reads_text_and_names_records_by_the_label_it_is_given() -> None:
    text = (FIXTURES / "hf" / "neurips.yml").read_text(encoding="utf-8")
    from_text = hf.parse(text, "conferences/neurips.yml")
    assert [s.record_id for s in from_text.series] == ["hf:conferences/neurips.yml"]
    from_file = read_path(FIXTURES / "hf" / "neurips.yml", "hf")
    assert [e.record_id for e in from_text.series[0].editions] == [
        e.record_id for e in from_file.series[0].editions
    ]


def test_what_holds_no_catalog_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no such file or directory"):
        read_path(tmp_path / "nope", "pwc")
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    with pytest.raises(TrackerError, match="holds no YAML files"):
        read_path(tmp_path, "pwc")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TrackerError, match="cannot read the archive"):
        read_path(tmp_path / "broken.zip", "pwc")


def test_tracker_import_takes_an_archive(cli: Any, empty_db: str, tmp_path: Path) -> None:
    archive = tmp_path / "ccf-deadlines-main.zip"
    _write_archive(archive, _upstream_files(FIXTURES / "ccf"), "ccf-deadlines-main")
    result = cli("import", str(archive), "--format", "ccf", "--dry-run", "--json")
    assert result.code == 0, result.err
    from_archive = json.loads(result.out)
    folder = cli("import", str(FIXTURES / "ccf"), "--format", "ccf", "--dry-run", "--json")
    from_folder = json.loads(folder.out)
    assert from_archive["added"] == from_folder["added"] and len(from_archive["added"]) > 0
    assert from_archive["rejected"] == from_folder["rejected"]


@pytest.mark.parametrize(("written_as", "named"), [("a.tar.gz", "catalog.yml"), ("a.zip", "ccf.tar.gz")])
def test_an_archive_is_known_by_its_content_not_its_name(tmp_path: Path, written_as: str, named: str) -> None:
    folder = read_path(FIXTURES / "ccf", "ccf")
    _write_archive(tmp_path / written_as, _upstream_files(FIXTURES / "ccf"), "ccf-deadlines-main")
    misnamed = (tmp_path / written_as).rename(tmp_path / named)
    assert _summary(read_path(misnamed, "ccf")) == _summary(folder)


def test_the_ccf_areas_pick_the_area_folders_of_a_checkout(tmp_path: Path) -> None:
    everything = read_path(FIXTURES / "ccf", "ccf")
    picked = read_path(FIXTURES / "ccf", "ccf", areas=["AI"])
    assert 0 < picked.files < everything.files
    assert picked.series and all(s.record_id.startswith("ccf:conference/AI/") for s in picked.series)
    with pytest.raises(TrackerError, match="no catalog files in the areas"):
        read_path(FIXTURES / "ccf", "ccf", areas=["ZZ"])
