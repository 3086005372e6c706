"""Sync over the real seeded catalog: the bundled upstream files served back change nothing.

These tests start from the seeded template (the bundled catalog), not the empty one the rest
of tests/ingest uses: a sync meets the catalog a new user has.
"""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

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
