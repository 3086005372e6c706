"""YAML aliases: a few are read as written, an alias bomb is refused before it is walked.

PyYAML shares an aliased node, so a 400-byte "billion laughs" loads at once and explodes only
when the importer walks it (minutes, then out of memory). The loader counts the nodes the
aliases stand for before building anything and refuses the file, naming it and saying why.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import Cli
from tests.ingest.samples import YAML_ALIAS_BOMB
from tracker import db
from tracker.catalog.importers.yamlfiles import ALIAS_BUDGET, load
from tracker.models.catalog import Edition, Series


def _counts() -> tuple[int, int]:
    with db.session() as session:
        return (
            int(session.scalar(select(func.count()).select_from(Series)) or 0),
            int(session.scalar(select(func.count()).select_from(Edition)) or 0),
        )


def test_an_alias_bomb_imported_is_refused_at_once_naming_the_file(cli: Cli, tmp_path: Path) -> None:
    bomb = tmp_path / "lol.yml"
    bomb.write_bytes(YAML_ALIAS_BOMB)
    assert len(YAML_ALIAS_BOMB) < 600
    before = _counts()
    started = time.monotonic()
    result = cli("import", str(bomb), "--format", "hf", "--json")
    assert time.monotonic() - started < 5.0  # walking the 9**9 expanded strings takes minutes
    assert "Traceback" not in result.err and "MemoryError" not in result.out + result.err
    # Nothing could be read: one line naming the file and the reason, exit 1, nothing stored.
    assert result.code == 1 and result.out == ""
    [line] = result.err.strip().splitlines()
    assert "hf:lol.yml: (file)" in line and "alias" in line and "926,177,122" in line
    assert _counts() == before


def test_the_bomb_is_refused_in_milliseconds_and_kilobytes() -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        data, problem = load(YAML_ALIAS_BOMB.decode(), "hf:lol.yml")
        seconds = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data is None and problem is not None
    assert seconds < 0.5 and peak < 1024 * 1024


def test_a_few_aliases_are_read_as_written() -> None:
    text = """- title: A
  deadlines: &shared
    - {type: paper, date: '2026-05-15 23:59:59', timezone: AoE}
- title: B
  deadlines: *shared
"""
    data, problem = load(text, "hf:shared.yml")
    assert problem is None
    assert (
        data[0]["deadlines"]
        == data[1]["deadlines"]
        == [{"type": "paper", "date": "2026-05-15 23:59:59", "timezone": "AoE"}]
    )


def test_aliases_past_the_budget_are_refused_and_just_under_it_are_not() -> None:
    """The budget counts the nodes aliases add: ``*big`` repeated n times adds n * 11 nodes."""
    big = "big: &big [" + ", ".join(["x"] * 10) + "]\n"  # a sequence node and ten scalars
    under = ALIAS_BUDGET // 11
    data, problem = load(big + "refs: [" + ", ".join(["*big"] * under) + "]\n", "hf:under.yml")
    assert problem is None and len(data["refs"]) == under
    _data, problem = load(big + "refs: [" + ", ".join(["*big"] * (under + 1)) + "]\n", "hf:over.yml")
    assert problem is not None and problem.record == "hf:over.yml" and "alias" in problem.reason


def test_a_document_that_contains_itself_is_refused() -> None:
    data, problem = load("- &me\n  title: X\n  self: *me\n", "hf:self.yml")
    assert data is None and problem is not None and "recursive" in problem.reason
