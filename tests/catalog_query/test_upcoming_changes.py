"""`tracker upcoming` highlights what a recent sync changed about an edition."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.conftest import Cli
from tracker import clock, db
from tracker.catalog import queries
from tracker.models.ingest import Change


def _first_upcoming_key(db_url: str) -> str:
    with db.session(db_url) as s:
        rows = queries.upcoming_deadlines(s, clock.now(), timedelta(days=30))
    assert rows, "the bundled catalog should have a deadline within 30 days of the pinned now"
    return rows[0].edition_key


def _record_change(db_url: str, key: str, days_ago: int) -> None:
    with db.session(db_url, write=True) as s:
        s.add(
            Change(
                at=clock.now() - timedelta(days=days_ago),
                source="test-feed",
                kind="deadline_moved",
                subject=key,
                from_value="2026-03-02T11:59:59Z",
                to_value="2026-03-09T11:59:59Z",
                detail="paper deadline moved later",
            )
        )


def test_a_recently_moved_deadline_is_marked(cli: Cli, db_url: str) -> None:
    key = _first_upcoming_key(db_url)
    _record_change(db_url, key, days_ago=2)

    rows = json.loads(cli("upcoming", "--json").out)
    marked = [r for r in rows if r["edition_key"] == key]
    assert marked and all(
        r["changes"] == ["paper deadline moved later: 2026-03-02T11:59:59Z → 2026-03-09T11:59:59Z"]
        for r in marked
    )
    assert all(r["changes"] == [] for r in rows if r["edition_key"] != key)

    table = cli("upcoming").out
    assert f"⚠ {key}" in table and "moved later" in table


def test_an_old_change_is_not_highlighted(cli: Cli, db_url: str) -> None:
    key = _first_upcoming_key(db_url)
    _record_change(db_url, key, days_ago=30)
    rows = json.loads(cli("upcoming", "--json").out)
    assert all(r["changes"] == [] for r in rows)


def test_deadlines_of_one_type_are_told_apart_by_their_labels(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGGRAPH 2026 publishes three "submission" deadlines at the same instant (bundled hf data).
    monkeypatch.setenv("TRACKER_NOW", "2026-04-20T00:00:00Z")
    table = cli("upcoming", "--within", "3d").out
    siggraph = [line for line in table.splitlines() if "siggraph2026" in line]
    assert len(siggraph) == 3
    for label in ("Posters deadline", "Appy Hour deadline", "Student Research"):
        assert sum(label in line for line in siggraph) == 1


# --- how each deadline is shown, on the bundled catalog ---------------------------------------


def _rows_by_kind(cli: Cli, *args: str) -> tuple[list[dict], list[dict]]:
    rows = json.loads(cli("upcoming", "--within", "200d", *args, "--json").out)
    exact = [r for r in rows if not r["estimated"]]
    estimated = [r for r in rows if r["estimated"]]
    assert exact and estimated, "the bundled catalog has both kinds within 200 days of the pinned now"
    return exact, estimated


def test_times_are_shown_in_the_readers_zone_given_by_tz(cli: Cli) -> None:
    from datetime import datetime

    exact, _ = _rows_by_kind(cli, "--tz", "Asia/Shanghai")
    first = exact[0]
    utc, reader = datetime.fromisoformat(first["at_utc"]), datetime.fromisoformat(first["at_reader"])
    assert reader == utc and reader.utcoffset() == timedelta(hours=8)
    table = cli("upcoming", "--within", "120d", "--tz", "Asia/Shanghai").out
    assert "Your time (Asia/Shanghai)" in table and reader.strftime("%Y-%m-%d %H:%M") in table
    bad = cli("upcoming", "--tz", "Mars/Olympus")
    assert bad.code == 2 and "Mars/Olympus" in bad.err


def test_an_estimate_is_shown_to_the_day_with_its_spread_and_no_made_up_publication(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _, estimated = _rows_by_kind(cli)
    row = estimated[0]
    lines = cli("upcoming", "--within", "200d").out.splitlines()
    line = next(line for line in lines if f" {row['edition_key']} " in line)
    assert f"≈{row['days_left']}d " in line and row["at_utc"][:10] in line
    assert (f"±{row['spread_days']}d" in line) == bool(row["spread_days"])
    assert "estimated" in line and row["at_utc"][11:16] not in line  # no hour-precise time


def test_the_table_fits_80_columns_without_cutting_a_time(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    out = cli("upcoming", "--within", "120d").out
    table = [line for line in out.splitlines() if line.startswith("│")]
    assert table and all(cell_len(line) <= 80 for line in table)
    for line in table:
        left, _, _, when = (cell.strip() for cell in line.strip("│").split("│")[:4])
        assert "…" not in left and "…" not in when, line
