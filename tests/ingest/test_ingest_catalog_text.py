"""A fetched catalog file goes to the importers' parser and gate as text, as a local file does.

The report of a sync names each rejected or repaired record and field exactly as ``tracker
import`` of the same file does: the file is named after the URL's last part.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from tests.ingest.samples import YAML_ALIAS_BOMB
from tracker import db
from tracker.models.catalog import Series

# NeurIPS with a zone nobody knows (its paper deadline is rejected), and an entry without an id
# whose end is before its start (the edition is rejected, named by file and position).
CATALOG = b"""- title: NeurIPS
  year: 2026
  id: neurips26
  deadline: '2026-05-15 23:59:59'
  timezone: Mars/Olympus
  place: Sydney, Australia
  start: 2026-12-07
  end: 2026-12-12
  sub: ML
- title: ABC
  year: 2026
  deadline: '2026-01-15 23:59:59'
  timezone: AoE
  place: Paris, France
  start: 2026-06-03
  end: 2026-06-01
  sub: ML
"""


def test_a_synced_catalog_file_is_reported_like_the_same_file_imported(
    cli: Any, httpserver: HTTPServer, tmp_path: Path
) -> None:
    local = tmp_path / "conferences.yml"
    local.write_bytes(CATALOG)
    imported = cli("import", str(local), "--format", "pwc", "--dry-run", "--json")
    assert imported.code == 0, imported.err
    report = json.loads(imported.out)
    issues = report["rejected"] + report["warnings"]
    expected = [f"{i['record']}: {i['field']}: {i['reason']}" for i in issues]
    assert any(line.startswith("pwc:neurips26: deadline.") for line in expected)
    assert any(line.startswith("pwc:conferences.yml[1]: end") for line in expected)

    httpserver.expect_request("/data/conferences.yml").respond_with_data(
        CATALOG, headers={"Content-Type": "text/yaml"}
    )
    cli("sources", "add", "pwc", httpserver.url_for("/data/conferences.yml"), "--kind", "pwc")
    [outcome] = json.loads(cli("sync", "--json").out)["sources"]
    assert outcome["status"] == "warning" and outcome["added"] == len(report["added"]) > 0
    assert outcome["warnings"] == expected
    assert outcome["rejected"] == len(report["rejected"])


def test_a_synced_alias_bomb_is_refused_at_once_and_the_next_source_synced(
    cli: Any, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/conferences/lol.yml").respond_with_data(
        YAML_ALIAS_BOMB, headers={"Content-Type": "text/yaml"}
    )
    httpserver.expect_request("/data/conferences.yml").respond_with_data(
        CATALOG, headers={"Content-Type": "text/yaml"}
    )
    cli("sources", "add", "a-bomb", httpserver.url_for("/conferences/lol.yml"), "--kind", "hf")
    cli("sources", "add", "b-good", httpserver.url_for("/data/conferences.yml"), "--kind", "pwc")
    started = time.monotonic()
    result = cli("sync", "--json")
    assert time.monotonic() - started < 5.0  # expanding 9**9 strings runs for minutes
    bomb, good = json.loads(result.out)["sources"]
    assert bomb["status"] == "error" and bomb["added"] == 0
    assert "hf:lol.yml" in bomb["error"] and "alias" in bomb["error"]
    assert good["status"] == "warning" and good["added"] > 0
    with db.session() as session:
        assert session.scalar(select(Series.id).where(Series.acronym == "LOL")) is None
