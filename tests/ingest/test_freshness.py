"""The bundled catalog's date, read from its one line of data/sources.yml without YAML."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tracker import config
from tracker.ingest import builtin, freshness

pytestmark = pytest.mark.builtin_sources  # the shipped file's reader itself, nothing fetched


def test_the_date_read_from_its_line_is_the_date_yaml_reads() -> None:
    builtin.builtins.cache_clear()
    assert freshness.bundled_catalog_as_of() == builtin.builtins().bundled_catalog_as_of
    assert isinstance(freshness.bundled_catalog_as_of(), date)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("bundled_catalog_as_of: 2026-09-01  # newest upstream file", date(2026, 9, 1)),
        ("bundled_catalog_as_of: '2026-09-01'", None),  # quoted: YAML reads a text, not a date
        ("bundled_catalog_as_of: 2026-09-01 12:00:00", datetime(2026, 9, 1, 12, 0)),
        ("bundled_catalog_as_of: 2026-09-01\nbundled_catalog_as_of: 2026-10-01", date(2026, 10, 1)),
    ],
)
def test_a_line_that_is_not_one_plain_date_is_read_as_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, expected: date | None
) -> None:
    (tmp_path / "sources.yml").write_text(f"# the shipped sources\n{line}\nsources: []\n", encoding="utf-8")
    monkeypatch.setattr(config, "data_dir", lambda: tmp_path)
    builtin.builtins.cache_clear()
    try:
        assert freshness.bundled_catalog_as_of() == expected
        assert builtin.builtins().bundled_catalog_as_of == expected
    finally:
        builtin.builtins.cache_clear()
