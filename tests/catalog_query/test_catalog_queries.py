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
from tracker.catalog.queries import ListFilters, candidate_editions, list_editions, upcoming_deadlines

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


def test_candidates_are_not_ended_and_fully_loaded(session: Session, catalog: dict[str, Any]) -> None:
    refresh_estimates(session, NOW.date())
    session.commit()
    session.expunge_all()
    candidates = candidate_editions(session, NOW.date())
    ours = {e.key: e for e in candidates if e.series.key in {"tml", "tcv", "tnlp", "tws"}}
    assert set(ours) == {"tml2026", "tcv2026", "tnlp2026", "tws2026"}
    assert ours["tml2026"].estimated
    with counted(session) as statements:
        for edition in candidates:  # reading everything recommend needs: no further query
            _ = (edition.series.topic_keys, edition.series.signals, edition.series.aliases)
            _ = (edition.deadlines, edition.fees, edition.parent)
    assert statements == []
    assert ours["tws2026"].parent is not None and ours["tws2026"].parent.key == "tcv2026"
    assert ours["tcv2026"].fees[0].amount == 650
    without = candidate_editions(session, NOW.date(), include_estimated=False, kinds=("conference",))
    assert not any(e.estimated or e.kind == "workshop" for e in without)


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
