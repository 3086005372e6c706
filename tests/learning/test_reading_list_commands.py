"""reading-list rm, edit and import (BibTeX): what a person does with the list after adding to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

REFS = Path(__file__).parent / "fixtures" / "refs.bib"


def _listed(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    result = cli("reading-list", "list", "--json", *args)
    assert result.code == 0, result.err
    return {r["title"]: r for r in json.loads(result.out)}


def _add(cli: Cli, title: str, *args: str) -> int:
    result = cli("reading-list", "add", title, "--topic", "transformers", "--json", *args)
    assert result.code == 0, result.err
    return int(json.loads(result.out)[0]["reading"]["id"])


def test_rm_deletes_readings_and_names_a_missing_one(cli: Cli) -> None:
    keep = _add(cli, "Attention Is All You Need")
    gone = _add(cli, "A paper I will not read")
    result = cli("reading-list", "rm", str(gone))
    assert result.code == 0, result.err
    assert "A paper I will not read: deleted" in result.err
    assert [r["id"] for r in _listed(cli).values()] == [keep]
    missing = cli("reading-list", "rm", str(gone))
    assert (missing.code, missing.err.strip()) == (2, f"tracker: error: no reading with id {gone}")


def test_edit_changes_and_clears_fields(cli: Cli) -> None:
    reading = _add(cli, "Atention is all you need", "--year", "2016", "--venue", "NIPS")
    result = cli(
        "reading-list",
        "edit",
        str(reading),
        "--title",
        "Attention Is All You Need",
        "--authors",
        "Ashish Vaswani; Noam Shazeer",
        "--year",
        "2017",
        "--venue",
        "",
        "--doi",
        "https://doi.org/10.5555/3295222.3295349",
        "--url",
        "https://papers.example.org/attention",
        "--topics",
        "attention, nlp",
        "--json",
    )
    assert result.code == 0, result.err
    edited = json.loads(result.out)
    assert edited["title"] == "Attention Is All You Need"
    assert edited["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert (edited["year"], edited["venue"], edited["doi"]) == (2017, None, "10.5555/3295222.3295349")
    assert edited["url"] == "https://papers.example.org/attention"
    assert edited["topics"] == ["attention", "nlp"]
    # The new title is the paper's identity now: adding it again finds it.
    [again] = json.loads(cli("reading-list", "add", "Attention is all you need.", "--json").out)
    assert (again["created"], again["reading"]["id"]) == (False, reading)
    cleared = json.loads(cli("reading-list", "edit", str(reading), "--year", "", "--doi", "", "--json").out)
    assert (cleared["year"], cleared["doi"]) == (None, None)
    assert _listed(cli)["Attention Is All You Need"]["year"] is None


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--year", "seventeen"], 2, "--year: expected a year"),
        (["--year", "99999999999999999999999"], 2, "--year: expected a year"),
        (["--doi", "nonsense"], 2, "not a DOI"),
        (["--title", "  "], 2, "--title"),
        (["--topics", "transfomers"], 2, "did you mean: transformers"),
        (["--title", "Other paper"], 1, "already has that title"),
        (["--doi", "10.1000/taken"], 1, "already has that DOI"),
    ],
)
def test_edit_mistakes_are_one_line_and_change_nothing(
    cli: Cli, args: list[str], code: int, needle: str
) -> None:
    reading = _add(cli, "Attention Is All You Need", "--year", "2017")
    _add(cli, "Other paper", "--doi", "10.1000/taken")
    before = _listed(cli)
    result = cli("reading-list", "edit", str(reading), *args)
    assert result.code == code, result.err
    assert needle in result.err and len(result.err.strip().splitlines()) == 1
    assert _listed(cli) == before
    assert cli("reading-list", "edit", "999", "--year", "2017").code == 2  # an unknown id: exit 2


def test_import_reads_a_real_world_bib_file_and_reports_bad_entries_by_key_and_field(cli: Cli) -> None:
    result = cli("reading-list", "import", str(REFS), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["added"] == ["vaswani2017attention", "devlin2018bert", "lecun2015deep", "schmidhuber"]
    assert report["already_listed"] == []
    rejected = report["rejected"]
    assert rejected[0].startswith("broken (line 59): not a BibTeX entry")
    assert rejected[1:] == [
        "badyear: year: expected a year from 1600 to 2200, such as 2017; got 'nineteen'",
        "baddoi: doi: not a DOI: 'not-a-doi'",
        "notitle: title: missing; a reading needs a title",
        "badurl: url: not an http(s) link: 'javascript:alert(1)'",
    ]
    listed = _listed(cli)
    attention = listed["Attention Is All You Need"]
    assert attention["authors"] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "others"]
    assert (attention["arxiv_id"], attention["year"]) == ("1706.03762", 2017)
    assert attention["venue"] == "Advances in Neural Information Processing Systems"
    bert = listed["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"]
    assert (bert["arxiv_id"], bert["venue"]) == ("1810.04805", "arXiv")
    assert bert["topics"]  # no keywords: the classifier's topics, as for a paper added by hand
    nature = listed["Deep learning"]
    assert (nature["doi"], nature["venue"], nature["topics"]) == (
        "10.1038/nature14539",
        "Nature",
        ["neural-networks"],
    )
    book = listed["Müller's Über-Netze: a Gedanken experiment"]
    assert book["authors"] == ["Jörg Müller", "Martin Luther King Jr.", "Ludwig van Beethoven"]
    assert (book["year"], book["url"], book["added_from"]) == (
        2020,
        "https://example.org/netze",
        "bibtex:refs.bib",
    )
    assert all(r["status"] == "to-read" for r in listed.values())


def test_importing_again_or_overlapping_papers_completes_them_instead_of_doubling(cli: Cli) -> None:
    mine = _add(cli, "Deep Learning.", "--priority", "high")  # the Nature paper, by its title
    cli("reading-list", "done", str(mine))
    _add(cli, "Some other title", "--arxiv", "1706.03762")  # the Transformer paper, by its arXiv id
    first = json.loads(cli("reading-list", "import", str(REFS), "--json").out)
    assert sorted(first["already_listed"]) == ["lecun2015deep", "vaswani2017attention"]
    assert sorted(first["added"]) == ["devlin2018bert", "schmidhuber"]
    second = json.loads(cli("reading-list", "import", str(REFS), "--json").out)
    assert second["added"] == [] and len(second["already_listed"]) == 4
    listed = _listed(cli)
    assert len(listed) == 4
    nature = listed["Deep Learning."]  # the person's own entry keeps its title, status and priority
    assert (nature["status"], nature["priority"], nature["doi"]) == ("done", 1, "10.1038/nature14539")


def test_an_export_imports_back_as_the_same_list(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    assert cli("reading-list", "import", str(REFS)).code == 0
    before = _listed(cli)
    out = tmp_path / "list.bib"
    assert cli("reading-list", "export", "--format", "bibtex", "--out", str(out)).code == 0
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "fresh.db"))
    imported = cli("reading-list", "import", str(out), "--json")
    assert imported.code == 0, imported.err
    assert json.loads(imported.out)["rejected"] == []
    after = _listed(cli)

    def comparable(rows: dict[str, dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
        fields = ("authors", "year", "venue", "arxiv_id", "doi", "topics")
        return {title: tuple(r[f] for f in fields) for title, r in rows.items()}

    assert comparable(after) == comparable(before)


@pytest.mark.parametrize(
    ("content", "code", "needle"),
    [
        (None, 2, "no such file"),
        (b"- title: not bibtex\n  year: 2020\n", 1, "no BibTeX entries found"),
        (b"@article{x, title = {Caf\xe9}}", 2, "not UTF-8 text"),
    ],
)
def test_import_of_something_that_is_not_a_bib_file_is_one_line(
    cli: Cli, tmp_path: Path, content: bytes | None, code: int, needle: str
) -> None:
    path = tmp_path / "refs.bib"
    if content is not None:
        path.write_bytes(content)
    result = cli("reading-list", "import", str(path))
    assert result.code == code and needle in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert _listed(cli) == {}


@pytest.mark.parametrize("command", ["rm", "done", "accept", "dismiss", "edit"])
def test_an_id_beyond_any_row_is_not_found_not_a_traceback(cli: Cli, command: str) -> None:
    huge = "10000000000000000000000"  # above 2**63: SQLite cannot even be asked about it
    extra = ["--year", "2017"] if command == "edit" else []
    result = cli("reading-list", command, huge, *extra)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1  # the exit-code rule: unknown
    assert "Traceback" not in result.err
