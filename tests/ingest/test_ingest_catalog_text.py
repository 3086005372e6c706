"""A fetched catalog file goes to the importers' parser and gate as text, as a local file does.

The report of a sync names each rejected or repaired record and field exactly as ``tracker
import`` of the same file does: the file is named after the URL's last part.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

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
