"""arXiv API answers: the real recorded samples field by field, versions, old ids, errors, topics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.ingest import samples
from tests.ingest.conftest import fixture_bytes
from tracker.ingest.arxiv import ArxivError, papers, split_version, topics_for
from tracker.ingest.feeds import parse_feed


def _papers(body: bytes) -> dict[str, object]:
    return {p.arxiv_id: p for p in papers(parse_feed(body, samples.ATOM_HEADERS))}


def test_the_real_id_list_answer_parses_with_every_field_right() -> None:
    [paper] = _papers(fixture_bytes("arxiv-api-idlist-1111.2011v2.atom.xml")).values()
    assert paper.arxiv_id == "1111.2011" and paper.version == 2  # type: ignore[attr-defined]
    assert paper.title == (  # type: ignore[attr-defined]
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    assert paper.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]  # type: ignore[attr-defined]
    assert paper.published == datetime(2011, 11, 8, 18, 48, 36, tzinfo=UTC)  # type: ignore[attr-defined]
    assert paper.updated == datetime(2012, 4, 2, 12, 38, 54, tzinfo=UTC)  # type: ignore[attr-defined]
    assert paper.summary.startswith("Theoretical description of anisotropic systems")  # type: ignore[attr-defined]
    assert paper.summary.endswith("describing a single node.")  # type: ignore[attr-defined]
    assert paper.doi == "10.1103/PhysRevB.85.115117"  # type: ignore[attr-defined]
    assert paper.journal_ref == "Phys. Rev. B 85, 115117 (2012)"  # type: ignore[attr-defined]
    assert paper.comment == "8 pages, 3 figures. Published version"  # type: ignore[attr-defined]
    assert paper.primary_category == "cond-mat.str-el"  # type: ignore[attr-defined]
    assert paper.categories == ["cond-mat.str-el", "cond-mat.stat-mech"]  # type: ignore[attr-defined]
    assert paper.url == "http://arxiv.org/abs/1111.2011v2"  # type: ignore[attr-defined]
    assert paper.pdf_url == "http://arxiv.org/pdf/1111.2011v2"  # type: ignore[attr-defined]
    assert paper.topics == []  # type: ignore[attr-defined]  # condensed matter is not in the AI topic map


def test_the_real_search_answer_has_both_papers_including_an_old_style_id() -> None:
    found = _papers(fixture_bytes("arxiv-api-search-multi-entry.atom.xml"))
    assert set(found) == {"1111.2011", "cond-mat/0607501"}
    old = found["cond-mat/0607501"]
    assert old.version == 2  # type: ignore[attr-defined]
    assert old.authors == ["R. G. Melko", "A. Del Maestro", "A. A. Burkov"]  # type: ignore[attr-defined]
    assert old.published == datetime(2006, 7, 19, 20, 12, 54, tzinfo=UTC)  # type: ignore[attr-defined]
    assert old.doi == "10.1103/PhysRevB.74.214517"  # type: ignore[attr-defined]
    assert old.title.startswith("A striped supersolid phase")  # type: ignore[attr-defined]
    assert old.url == "http://arxiv.org/abs/cond-mat/0607501v2"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cond-mat/0607501v2", ("cond-mat/0607501", 2)),
        ("solv-int/9901001v1", ("solv-int/9901001", 1)),
        ("http://arxiv.org/abs/1111.2011v12", ("1111.2011", 12)),
        ("2401.00001", ("2401.00001", None)),
        ("solv-int/9901001", ("solv-int/9901001", None)),
    ],
)
def test_split_version_handles_old_and_new_ids(text: str, expected: tuple[str, int | None]) -> None:
    assert split_version(text) == expected


def test_the_newest_version_of_a_paper_is_kept() -> None:
    body = samples.arxiv_feed(
        samples.arxiv_entry("2401.00001v1", "Old title"),
        samples.arxiv_entry("2401.00001v3", "Newest title"),
        samples.arxiv_entry("2401.00001v2", "Middle title"),
        samples.arxiv_entry("solv-int/9901001v1", "An old-style paper", categories=("solv-int",)),
    )
    found = _papers(body)
    assert found["2401.00001"].title == "Newest title"  # type: ignore[attr-defined]
    assert found["2401.00001"].version == 3  # type: ignore[attr-defined]
    assert found["solv-int/9901001"].version == 1  # type: ignore[attr-defined]


def test_arxivs_error_entry_is_an_error_not_a_paper() -> None:
    with pytest.raises(ArxivError, match=r"incorrect id format for 1234\.12345"):
        papers(parse_feed(samples.ARXIV_ERROR, samples.ATOM_HEADERS))


def test_a_paper_titled_error_among_others_is_a_paper() -> None:
    body = samples.arxiv_feed(
        samples.arxiv_entry("2401.1v1", "Error"), samples.arxiv_entry("2401.2v1", "Other")
    )
    assert len(_papers(body)) == 2


def test_categories_map_to_topic_keys() -> None:
    assert topics_for(["cs.CL", "cs.LG", "stat.ML"]) == ["nlp", "machine-learning"]
    assert topics_for(["cs.CV"]) == ["computer-vision"]
    assert topics_for(["eess.AS", "cs.SD"]) == ["speech"]
    assert topics_for(["cs.RO", "cs.IR", "cs.AI"]) == [
        "robotics",
        "information-retrieval",
        "artificial-intelligence",
    ]
    assert topics_for(["math.AG"]) == []


def test_topic_keys_exist_in_the_shipped_vocabulary() -> None:
    from tracker.catalog.topics import vocabulary
    from tracker.ingest.arxiv import CATEGORY_TOPICS

    known = set(vocabulary())
    assert {key for keys in CATEGORY_TOPICS.values() for key in keys} <= known
