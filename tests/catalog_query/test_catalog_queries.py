"""Domain queries: recommend's candidates come fully loaded; listings do not grow queries per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.catalog_query.conftest import add_edition, add_series, utc
from tracker.catalog.estimates import refresh_estimates
from tracker.catalog.queries import ListFilters, list_editions, upcoming_deadlines

NOW = utc(2026, 3, 1, 12, 0)
OURS = ("tml", "tcv", "tnlp", "tws")  # the test catalog's keys (the bundled catalog may be there too)


@contextmanager
def counted(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_listing_candidates_and_resolve_agree_on_which_editions_are_ahead(
    session: Session, catalog: dict[str, Any]
) -> None:
    from sqlalchemy import select

    from tracker.catalog.ended import has_not_ended, last_day
    from tracker.catalog.resolve import resolve_edition
    from tracker.models.catalog import Edition
    from tracker.recommend.candidates import load_candidates

    today = NOW.date()
    # The edge cases of the rule: ends today, started today with no end, dated only by year.
    edge = add_series(session, "tedge", "TEDGE", topics=("robotics",))
    add_edition(session, edge, 2025, date(2025, 9, 1), today)  # its last day is today: ahead
    add_edition(session, edge, 2024, today, None)  # a start but no end: its start is its last day
    add_edition(session, edge, 2023, None, None)  # year only: ended (last day 2023-12-31)
    undated = add_series(session, "tyear", "TYEAR", topics=("robotics",))
    add_edition(session, undated, today.year, None, None)  # year only, this year: ahead
    refresh_estimates(session, today)
    session.commit()

    everything = list(session.scalars(select(Edition)))
    ahead = {e.key for e in everything if has_not_ended(e, today)}
    assert {"tedge2025", "tedge2024", f"tyear{today.year}", "tml2026", "tws2026"} <= ahead
    assert "tedge2023" not in ahead and last_day(next(e for e in everything if e.key == "tedge2023")) == date(
        2023, 12, 31
    )
    listed = {row.key for row in list_editions(session, ListFilters(upcoming=True), now=NOW)}
    candidates = set(load_candidates(session, now=NOW, student=False).keys)
    assert listed == candidates == ahead
    # A series name means its earliest edition still ahead (2023 has ended; 2024 starts today).
    assert resolve_edition(session, "tedge", today=today).key == "tedge2024"


def test_listing_queries_do_not_grow_with_rows(session: Session, catalog: dict[str, Any]) -> None:
    with counted(session) as before:
        small = list_editions(session, ListFilters(), now=NOW)
    for i in range(15):
        series = add_series(session, f"tx{i}", f"TX{i}", topics=("robotics",), signals={"core": "B"})
        add_edition(session, series, 2026, date(2026, 9, 1), date(2026, 9, 3), paper=utc(2026, 5, 1, 12, 0))
    with counted(session) as after:
        large = list_editions(session, ListFilters(), now=NOW)
    assert len(large) == len(small) + 15
    assert len(after) == len(before)


def test_upcoming_window_and_types(session: Session, catalog: dict[str, Any]) -> None:
    from datetime import timedelta

    rows = upcoming_deadlines(session, NOW, timedelta(days=20), ["paper"], ["computer-vision"])
    assert [r.edition_key for r in rows if r.edition_key.startswith(OURS)] == ["tcv2026", "tws2026"]
    assert all(r.at_utc >= NOW and r.type == "paper" for r in rows)
    camera = upcoming_deadlines(session, NOW, timedelta(days=20), ["camera_ready"])
    assert not [r for r in camera if r.edition_key.startswith(OURS)]
