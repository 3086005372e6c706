"""Sync over the real seeded catalog: the bundled upstream files served back change nothing.

These tests start from the seeded template (the bundled catalog), not the empty one the rest
of tests/ingest uses: a sync meets the catalog a new user has.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from tests.conftest import Cli
from tracker import config


@pytest.fixture
def database_template() -> str:
    return "seeded"


@pytest.mark.parametrize("series", ["facct", "fg", "neurips", "cvpr"])
def test_syncing_a_bundled_hf_file_over_the_seeded_catalog_changes_nothing(
    cli: Cli, httpserver: HTTPServer, series: str
) -> None:
    # FAccT 2026 and FG 2026 each have a camera-ready deadline with round 1 and one with no
    # round: the change log's snapshot once crashed comparing None with 1.
    body = (config.data_dir() / "catalog" / "sources" / "hf" / "conferences" / f"{series}.yml").read_bytes()
    httpserver.expect_request(f"/{series}.yml").respond_with_data(body, headers={"Content-Type": "text/yaml"})
    assert (
        cli("sources", "add", f"hf-{series}", httpserver.url_for(f"/{series}.yml"), "--kind", "hf").code == 0
    )
    result = cli("sync", "--json")
    [outcome] = json.loads(result.out)["sources"]
    assert outcome["status"] in ("ok", "warning"), outcome
    assert outcome["changes"] == 0 and outcome["added"] == 0, outcome
    assert json.loads(cli("changes", "--json").out) == []


SOURCES = config.data_dir() / "catalog" / "sources"
# Real upstream files, as a sync fetches them: the whole paperswithcode catalog, and the files
# of the series whose sources disagree or whose deadlines the old merge dropped.
REAL_FILES = [
    ("pwc", "pwc/conferences.yml"),
    *(("hf", f"hf/conferences/{name}.yml") for name in ("neurips", "coling", "ijcai", "kdd", "wacv", "iclr")),
    *(("ccf", f"ccf/conference/AI/{name}.yml") for name in ("nips", "coling", "ijcai", "wacv", "iclr")),
    ("ccf", "ccf/conference/DB/sigkdd.yml"),
]


def _serve(cli: Cli, httpserver: HTTPServer, kind: str, path: str, body: bytes) -> str:
    name = f"{kind}-{path.rsplit('/', 1)[-1].removesuffix('.yml')}"
    httpserver.expect_request(f"/{path}").respond_with_data(body, headers={"Content-Type": "text/yaml"})
    assert cli("sources", "add", name, httpserver.url_for(f"/{path}"), "--kind", kind).code == 0
    return name


def test_syncing_real_upstream_files_equal_to_the_bundled_ones_changes_nothing(
    cli: Cli, httpserver: HTTPServer
) -> None:
    for kind, path in REAL_FILES:
        _serve(cli, httpserver, kind, path, (SOURCES / path).read_bytes())
    conflicts_before = json.loads(cli("conflicts", "--json").out)
    result = cli("sync", "--json")
    outcomes = json.loads(result.out)["sources"]
    assert len(outcomes) == len(REAL_FILES)
    assert [o for o in outcomes if o["status"] not in ("ok", "warning")] == []
    assert [(o["name"], o["changes"], o["added"]) for o in outcomes if o["changes"] or o["added"]] == []
    assert json.loads(cli("changes", "--json").out) == []
    # The sources said what they said before: the same disagreements, decided the same way.
    assert json.loads(cli("conflicts", "--json").out) == conflicts_before


def _edited_neurips() -> bytes:
    """hf's real neurips.yml with four real kinds of edit in its 2026 entry, and a 2028 edition."""
    text = (SOURCES / "hf" / "conferences" / "neurips.yml").read_text(encoding="utf-8")
    edits = [
        ("      date: '2026-09-24 23:59:59'", "      date: '2026-09-28 23:59:59'"),  # notification moved
        ("  start: '2026-12-06'\n  end: '2026-12-12'", "  start: '2026-12-07'\n  end: '2026-12-13'"),
        ("  date: December 6-12, 2026", "  date: December 7-13, 2026"),
        (  # the review release deadline is removed
            "    - type: review_release\n      label: Reviews released to authors\n"
            "      date: '2026-07-22 23:59:59'\n      timezone: AoE\n",
            "",
        ),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    entry_2026 = text[text.index("- title: NeurIPS\n  year: 2026") :]
    entry_2026 = entry_2026[: entry_2026.index("\n- title:")] if "\n- title:" in entry_2026 else entry_2026
    new_edition = (
        "\n- title: NeurIPS\n  year: 2028\n  id: neurips28\n  link: https://neurips.cc/\n"
        "  deadlines:\n    - type: paper\n      label: Paper submission deadline\n"
        "      date: '2028-05-10 23:59:59'\n      timezone: AoE\n"
        "  date: December 3-9, 2028\n  start: '2028-12-03'\n  end: '2028-12-09'\n"
        "  city: Vancouver\n  country: Canada\n"
    )
    return (text.rstrip("\n") + "\n" + new_edition).encode()


def test_a_real_edit_of_an_upstream_file_gives_exactly_the_matching_changes(
    cli: Cli, httpserver: HTTPServer
) -> None:
    name = _serve(cli, httpserver, "hf", "hf/conferences/neurips.yml", _edited_neurips())
    outcome = json.loads(cli("sync", "--json").out)["sources"][0]
    assert outcome["status"] in ("ok", "warning"), outcome
    found = sorted(
        (c["kind"], c["subject"], c["from_value"], c["to_value"])
        for c in json.loads(cli("changes", "--json").out)
    )
    assert found == [
        ("deadline_moved", "neurips2026", "2026-09-25T11:59:59Z", "2026-09-29T11:59:59Z"),
        ("new_edition", "neurips2028", None, "NeurIPS"),
        ("postponed", "neurips2026", "2026-12-06..2026-12-12", "2026-12-07..2026-12-13"),
        ("withdrawn", "neurips2026", "2026-07-23T11:59:59Z", None),
    ]
    [withdrawn] = [c for c in json.loads(cli("changes", "--json").out) if c["kind"] == "withdrawn"]
    assert withdrawn["source"] == name and "no longer lists the Reviews released" in withdrawn["detail"]
    # Kept with its provenance, marked withdrawn: neither confirmed nor deleted.
    sources = json.loads(cli("conf", "show", "neurips2026", "--sources", "--json").out)["sources"]
    [hf] = [c for c in sources["claims"] if c["source"] == "hf"]
    [review] = [d for d in hf["deadlines"] if d["label"] == "Reviews released to authors"]
    assert review["withdrawn_at"] is not None
    assert hf["dates_changed_at"] is not None and hf["start_date"] == "2026-12-07"
    shown = json.loads(cli("conf", "show", "neurips2026", "--json").out)
    [edition] = [e for e in shown["editions"] if e["key"] == "neurips2026"]
    assert edition["start_date"] == "2026-12-07"
    assert "Reviews released to authors" not in {d["label"] for d in edition["deadlines"]}


def test_a_single_file_sync_withdraws_only_what_that_file_listed(cli: Cli, httpserver: HTTPServer) -> None:
    # hf's neurips.yml without its 2025 entry: that edition is withdrawn by hf, nothing else is.
    text = (SOURCES / "hf" / "conferences" / "neurips.yml").read_text(encoding="utf-8")
    without_2025 = text[text.index("- title: NeurIPS\n  year: 2026") :]
    _serve(cli, httpserver, "hf", "hf/conferences/neurips.yml", without_2025.encode())
    assert cli("sync").code == 0
    withdrawn = [c for c in json.loads(cli("changes", "--json").out) if c["kind"] == "withdrawn"]
    assert [(c["subject"], c["from_value"]) for c in withdrawn] == [("neurips2025", None)]
    # The edition stays, with what the sources still listing it say (ccf lists NeurIPS 2025).
    sources = json.loads(cli("conf", "show", "neurips2025", "--sources", "--json").out)["sources"]
    states = {c["source"]: c["withdrawn_at"] is not None for c in sources["claims"]}
    assert states == {"hf": True, "ccf": False}
    assert sources["source"] == "ccf"


def test_a_whole_upstream_listing_withdraws_what_it_no_longer_lists(tmp_path: Path, db_url: str) -> None:
    # huggingface's repository layout without neurips.yml: a sync of the whole listing takes
    # NeurIPS as no longer listed by hf; every other series it lists is confirmed.
    from tracker import db
    from tracker.catalog.importers.walker import read_path
    from tracker.ingest.catalog_store import store_catalog
    from tracker.ingest.kinds import SourceContext, StoreResult
    from tracker.models.catalog import EditionClaim

    layout = tmp_path / "ai-deadlines" / "src" / "data" / "conferences"
    layout.mkdir(parents=True)
    for path in (SOURCES / "hf" / "conferences").glob("*.yml"):
        if path.name != "neurips.yml":
            shutil.copy(path, layout / path.name)
    batch = read_path(tmp_path / "ai-deadlines", "hf")
    assert batch.complete
    stored = store_catalog(db_url, SourceContext(0, "hf-archive", "hf", None), batch, lambda _s, _r: None)
    assert isinstance(stored, StoreResult)
    withdrawn = sorted((c.subject, c.from_value) for c in stored.changes if c.kind == "withdrawn")
    assert withdrawn == [("neurips2025", None), ("neurips2026", None)]
    # What ccf says of those editions now decides them (its NeurIPS 2025 starts December 2),
    # and the log says that too; nothing else moved.
    assert {c.subject for c in stored.changes if c.kind != "withdrawn"} <= {"neurips2025", "neurips2026"}
    with db.session(db_url) as session:
        hf = session.scalars(select(EditionClaim).where(EditionClaim.source == "hf")).all()
        gone = sorted(c.edition.key for c in hf if c.withdrawn_at is not None)
    assert gone == ["neurips2025", "neurips2026"]
